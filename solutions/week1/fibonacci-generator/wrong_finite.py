# wrong: stops after a fixed number of values instead of running forever
from collections.abc import Iterator


def fib() -> Iterator[int]:
    a, b = 0, 1
    for _ in range(100):
        yield a
        a, b = b, a + b
