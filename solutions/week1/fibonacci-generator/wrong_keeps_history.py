# wrong: appends every number to a list, so memory grows with every number yielded
from collections.abc import Iterator


def fib() -> Iterator[int]:
    seen = [0, 1]
    yield 0
    yield 1
    while True:
        seen.append(seen[-1] + seen[-2])
        yield seen[-1]
