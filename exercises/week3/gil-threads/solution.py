"""The GIL in practice: threads for I/O, a lock for shared state, asyncio.to_thread,
and a measurement of what threads do (not) speed up."""
import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def parallel_map(func, items, workers=8):
    """Return [func(item) for item in items], computed in a pool of `workers` threads.

    Results are in the order of items; an exception raised by func propagates;
    workers < 1 raises ValueError.
    """
    raise NotImplementedError


class Counter:
    """A counter that many threads can increment at once without losing counts.

    `lock` is the threading.Lock that guards the value; increment() holds it.
    """

    def __init__(self):
        self._value = 0

    def increment(self, n=1):
        """Add n to the counter."""
        self._value += n

    @property
    def value(self):
        """The current total."""
        return self._value


async def gather_blocking(funcs):
    """Run each blocking zero-argument function in a worker thread, all at once;
    return their results in order. The event loop stays free meanwhile."""
    raise NotImplementedError


def thread_speedup(func, n=4, repeats=3):
    """How many times faster n calls of func run in n threads than one after another.

    One repetition times (wall clock) n calls of func in a row in this thread,
    then n threads each calling func once, started together and all joined.
    Returns the best (shortest) sequential time divided by the best threaded
    time over `repeats` repetitions. n < 1 or repeats < 1 raises ValueError.
    """
    raise NotImplementedError
