"""Timer context manager (week 3, context managers)."""
import time


class Timer:
    """Measure the wall time of a ``with`` block.

    >>> with Timer() as t:
    ...     pass
    >>> t.elapsed >= 0
    True
    """

    def __init__(self, clock=time.perf_counter):
        """Store the clock; ``elapsed`` starts as None and ``history`` empty."""
        raise NotImplementedError

    def __enter__(self):
        """Start measuring and return the timer itself."""
        raise NotImplementedError

    def __exit__(self, exc_type, exc, tb):
        """Stop measuring, record ``elapsed`` and let any exception propagate."""
        raise NotImplementedError
