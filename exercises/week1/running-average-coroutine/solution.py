"""A running-average coroutine driven with send / throw / close."""
import functools
from collections.abc import Callable, Generator


class ResetAverage(Exception):
    """Thrown into an averager to close the current batch and start a new one."""


def averager() -> Generator[float | None, float | None, None]:
    """Coroutine computing the running average of the numbers sent to it.

    - next(avg) primes it (returns None) and later returns the current average
      without counting anything.
    - avg.send(x) adds x and returns the new average (a float).
    - avg.throw(ResetAverage) returns the average of the batch so far (None if
      empty) and starts a new, empty batch; the coroutine stays alive.
    - Any other exception thrown in propagates and finishes the coroutine.
    - avg.close() finishes it cleanly.
    """
    raise NotImplementedError


def primed(genfunc: Callable[..., Generator]) -> Callable[..., Generator]:
    """Decorator: calling the result creates the generator and advances it to its
    first yield, so it is ready for send(). Keeps the wrapped function's name and doc."""
    raise NotImplementedError
