# wrong: parallel_map is a plain list comprehension: the I/O waits run one after another in the caller's thread
"""The GIL in practice: threads for I/O, a lock for shared state, asyncio.to_thread.

Reference solution.
"""
import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor


def parallel_map(func, items, workers=8):
    if workers < 1:
        raise ValueError("workers must be at least 1")
    return [func(item) for item in items]


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
    """Run each blocking zero-argument function in a worker thread, all at once;
    return their results in order. The event loop stays free meanwhile."""
    # Called directly, a blocking function would freeze the loop: no other
    # coroutine runs until it returns. to_thread runs it in the loop's
    # default executor and gives back an awaitable.
    return list(await asyncio.gather(*(asyncio.to_thread(f) for f in funcs)))
