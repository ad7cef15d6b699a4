# wrong: keeps the attempt counter in the decorator's scope, so it is never reset and later calls get fewer attempts
import functools


def retry(times, exceptions=(Exception,), on_retry=None):
    if times < 1:
        raise ValueError("times must be at least 1")

    def decorator(func):
        attempt = 0

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal attempt
            while True:
                attempt += 1
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt >= times:
                        raise
                    if on_retry is not None:
                        on_retry(attempt, exc)

        return wrapper

    return decorator
