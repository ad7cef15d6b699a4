# wrong: Counter has a lock attribute but increment never takes it: += is load, add, store, and concurrent increments are lost
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


def thread_speedup(func, n=4, repeats=3):
    """How many times faster n calls of func run in n threads than one after another.

    One repetition times (wall clock) n calls of func in a row in this thread,
    then n threads each calling func once, started together and all joined.
    Returns the best (shortest) sequential time divided by the best threaded
    time over `repeats` repetitions. n < 1 or repeats < 1 raises ValueError.
    """
    if n < 1 or repeats < 1:
        raise ValueError("n and repeats must be at least 1")
    best_sequential = best_threaded = float("inf")
    for _ in range(repeats):
        # The two measurements alternate, so that a slow spell of the machine
        # hits both; the shortest run of each is the least disturbed one.
        start = time.perf_counter()
        for _ in range(n):
            func()
        best_sequential = min(best_sequential, time.perf_counter() - start)

        threads = [threading.Thread(target=func) for _ in range(n)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()    # without the joins we would time how fast threads start
        best_threaded = min(best_threaded, time.perf_counter() - start)
    # Pure-Python CPU work: only the thread holding the GIL runs bytecode, so
    # the threads take turns and the ratio stays near 1 (or below: switching
    # costs). A thread in time.sleep / a socket read releases the GIL: the
    # waits overlap and the ratio approaches n.
    return best_sequential / best_threaded
