# wrong: defaults to time.time, the wall clock, which can jump (NTP, daylight saving) and is not meant for intervals: time.perf_counter is monotonic
"""Timer context manager: reference solution."""
import time


class Timer:
    """Measure the wall time of a ``with`` block.

    Reusable: every ``with`` block is a fresh measurement, appended to ``history``.
    """

    def __init__(self, clock=time.time):
        self.clock = clock
        self.elapsed = None
        self.history = []
        self._start = None  # None means "not running"

    def __enter__(self):
        if self._start is not None:
            raise RuntimeError("Timer is already running")
        # Discard the previous measurement: a half-finished block has no elapsed time.
        self.elapsed = None
        self._start = self.clock()
        return self

    def __exit__(self, exc_type, exc, tb):
        end = self.clock()
        self.elapsed = float(end - self._start)
        self.history.append(self.elapsed)
        self._start = None
        # A false return value tells Python to re-raise any exception from the block.
        return False
