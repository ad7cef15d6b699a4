# wrong: __exit__ returns True, so every exception raised in the block is silently swallowed
import time


class Timer:
    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.elapsed = None
        self.history = []
        self._start = None

    def __enter__(self):
        if self._start is not None:
            raise RuntimeError("Timer is already running")
        self.elapsed = None
        self._start = self.clock()
        return self

    def __exit__(self, exc_type, exc, tb):
        end = self.clock()
        self.elapsed = float(end - self._start)
        self.history.append(self.elapsed)
        self._start = None
        return True
