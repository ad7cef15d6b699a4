# wrong: reads the start time once in __init__, so a reused timer measures from its creation
import time


class Timer:
    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.elapsed = None
        self.history = []
        self._running = False
        self._start = clock()

    def __enter__(self):
        if self._running:
            raise RuntimeError("Timer is already running")
        self._running = True
        self.elapsed = None
        return self

    def __exit__(self, exc_type, exc, tb):
        self.elapsed = float(self.clock() - self._start)
        self.history.append(self.elapsed)
        self._running = False
        return False
