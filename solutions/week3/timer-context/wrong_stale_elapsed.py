# wrong: keeps the previous measurement in `elapsed` while the timer runs again, and allows re-entry
import time


class Timer:
    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.elapsed = None
        self.history = []

    def __enter__(self):
        self._start = self.clock()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.elapsed = self.clock() - self._start
        self.history.append(self.elapsed)
        return False
