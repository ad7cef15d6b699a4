# wrong: starts the sequence at 1, 1 instead of 0, 1
from collections.abc import Iterator


def fib() -> Iterator[int]:
    a, b = 1, 1
    while True:
        yield a
        a, b = b, a + b
