# wrong: thread_speedup measures CPU time (time.process_time) instead of the wall clock: a sleep uses no CPU, so the overlap of sleeping threads never shows
"""The GIL in practice: threads for I/O, a lock for shared state, asyncio.to_thread,
and a measurement of what threads do (not) speed up.

Reference solution.
"""
import asyncio
import threading
import time
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
    """Run each blocking zero-argument function in a worker thread, all at once;
    return their results in order. The event loop stays free meanwhile."""
    # Called directly, a blocking function would freeze the loop: no other
    # coroutine runs until it returns. to_thread runs it in the loop's
    # default executor and gives back an awaitable.
    return list(await asyncio.gather(*(asyncio.to_thread(f) for f in funcs)))



def thread_speedup(func, n=4, repeats=3):
    if n < 1 or repeats < 1:
        raise ValueError("n and repeats must be at least 1")
    best_sequential = best_threaded = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(n):
            func()
        best_sequential = min(best_sequential, time.process_time() - start)

        threads = [threading.Thread(target=func) for _ in range(n)]
        start = time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        best_threaded = min(best_threaded, time.process_time() - start)
    return best_sequential / best_threaded
