"""A retry decorator with parameters."""
import functools


def retry(times, exceptions=(Exception,), on_retry=None):
    """Return a decorator that calls the function up to `times` times.

    Only `exceptions` (a class or tuple of classes) are retried; others
    propagate at once. When all attempts fail, the last exception is
    re-raised. `on_retry(attempt, exc)` is called before each retry.
    Raises ValueError if times < 1.
    """
    raise NotImplementedError
