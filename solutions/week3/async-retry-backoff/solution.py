"""Async retry with exponential backoff: reference solution."""
import asyncio
import functools


async def retry(fn, *, attempts=3, base_delay=0.01, factor=2.0, max_delay=1.0,
                retry_on=(Exception,), sleep=asyncio.sleep):
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return await fn()
        except retry_on:
            if attempt == attempts - 1:
                raise  # out of attempts: the *last* exception, with its traceback
            # Injected sleep: tests record the delays instead of waiting for them.
            await sleep(min(base_delay * factor ** attempt, max_delay))
        # Anything not in retry_on is not caught at all and propagates at once.


def with_retry(**options):
    def decorator(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            # A fresh coroutine for every attempt: a coroutine object can be awaited only once.
            return await retry(lambda: func(*args, **kwargs), **options)
        return wrapper
    return decorator
