# wrong: gather_blocking calls the blocking functions inside coroutines: each one freezes the event loop, and they run one after another
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
    """A counter that many threads can increment at once without losing counts.

    `lock` is the threading.Lock that guards the value; increment() holds it.
    """

    def __init__(self):
        self._value = 0
        self.lock = threading.Lock()

    def increment(self, n=1):
        """Add n to the counter."""
        # `+=` is LOAD, ADD, STORE: the GIL can pass to another thread between
        # the load and the store, and that thread's increment is then lost.
        with self.lock:
            self._value += n

    @property
    def value(self):
        """The current total."""
        with self.lock:
            return self._value


async def gather_blocking(funcs):
    async def call(f):
        return f()
    return list(await asyncio.gather(*(call(f) for f in funcs)))
