# wrong: backs off with time.sleep between attempts
"""A retry decorator with parameters."""
import functools
from time import sleep


def retry(times, exceptions=(Exception,), on_retry=None):
    """Return a decorator that calls the function up to `times` times.

    Only `exceptions` (a class or tuple of classes) are retried; others
    propagate at once. When all attempts fail, the last exception is
    re-raised. `on_retry(attempt, exc)` is called before each retry.
    Raises ValueError if times < 1.
    """
    # Validate when the decorator is *built*, not on the first call.
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            # `attempt` is local to this call: every call starts afresh.
            for attempt in range(1, times + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:   # a class or a tuple: both work
                    if attempt == times:
                        raise               # the last error, unchanged
                    if on_retry is not None:
                        on_retry(attempt, exc)
                    sleep(0.001 * attempt)
            # not reached: the loop either returns or raises

        return wrapper

    return decorator
