"""Delegating generators: yield from, return values and StopIteration.value."""
from collections.abc import Generator


def flatten(item) -> Generator[object, None, int]:
    """Yield the leaves of nested lists/tuples (anything else is a leaf); return how many."""
    raise NotImplementedError


def run(gen) -> tuple[list, object]:
    """Drive `gen` to its end; return (the yielded items, the generator's return value)."""
    raise NotImplementedError


def averager() -> Generator[float | None, float | None, float | None]:
    """Coroutine: send numbers (each send gives the running average); send None to end it.

    Its return value is the batch's average (None for an empty batch).
    """
    raise NotImplementedError


def collect(results: dict, key) -> Generator[float | None, float | None, None]:
    """Delegate to a fresh averager() with `yield from`; store its return value in results[key]."""
    raise NotImplementedError
