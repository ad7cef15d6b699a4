# wrong: the reset clears the total but forgets the count
import functools
from collections.abc import Callable, Generator


class ResetAverage(Exception):
    """Thrown into an averager to close the current batch and start a new one."""


def averager() -> Generator[float | None, float | None, None]:
    """Coroutine computing the running average of the numbers sent to it."""
    total = 0.0
    count = 0
    average = None
    reply = None  # what the next `yield` hands back to send() / next() / throw()
    while True:
        try:
            value = yield reply
        except ResetAverage:
            reply = average
            total, average = 0.0, None
            continue
        if value is None:
            reply = average
            continue
        total += value
        count += 1
        average = total / count
        reply = average


def primed(genfunc: Callable[..., Generator]) -> Callable[..., Generator]:
    """Decorator: calling the result creates the generator and advances it to its first yield."""

    @functools.wraps(genfunc)  # keep __name__, __doc__, __wrapped__
    def start(*args, **kwargs):
        gen = genfunc(*args, **kwargs)
        next(gen)  # run up to the first `yield` so that send(x) works immediately
        return gen

    return start
