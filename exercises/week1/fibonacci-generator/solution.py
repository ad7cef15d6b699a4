"""Infinite Fibonacci generator."""
from collections.abc import Iterator


def fib() -> Iterator[int]:
    """Yield 0, 1, 1, 2, 3, 5, ... forever, keeping only the last two numbers."""
    raise NotImplementedError
