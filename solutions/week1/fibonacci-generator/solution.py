"""Infinite Fibonacci generator (reference solution)."""
from collections.abc import Iterator


def fib() -> Iterator[int]:
    """Yield 0, 1, 1, 2, 3, 5, ... forever, keeping only the last two numbers."""
    a, b = 0, 1
    while True:
        yield a
        # Tuple assignment evaluates the right side first, so no temporary is needed.
        a, b = b, a + b
