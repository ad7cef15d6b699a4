# wrong: Counter has a lock attribute but increment never takes it: += is load, add, store, and concurrent increments are lost
"""The GIL in practice: threads for I/O, a lock for shared state, asyncio.to_thread.

Reference solution.
"""
import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor


def parallel_map(func, items, workers=8):
    """Return [func(item) for item in items], computed in a pool of `workers` threads.

    Results are in the order of items; an exception raised by func propagates;
    workers < 1 raises ValueError.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    # A thread blocked in time.sleep / a socket read releases the GIL, so the
    # waits overlap. Executor.map keeps the input order and re-raises the
    # first exception when its result is reached.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(func, items))


class Counter:
    """A counter (unsafe)."""

    def __init__(self):
        self._value = 0
        self.lock = threading.Lock()

    def increment(self, n=1):
        """Add n to the counter."""
        self._value += n

    @property
    def value(self):
        return self._value


async def gather_blocking(funcs):
    """Run each blocking zero-argument function in a worker thread, all at once;
    return their results in order. The event loop stays free meanwhile."""
    # Called directly, a blocking function would freeze the loop: no other
    # coroutine runs until it returns. to_thread runs it in the loop's
    # default executor and gives back an awaitable.
    return list(await asyncio.gather(*(asyncio.to_thread(f) for f in funcs)))
