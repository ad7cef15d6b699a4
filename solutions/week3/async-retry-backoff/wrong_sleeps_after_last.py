# wrong: sleeps after every failure, including the last one, before giving up
import asyncio
import functools


async def retry(fn, *, attempts=3, base_delay=0.01, factor=2.0, max_delay=1.0,
                retry_on=(Exception,), sleep=asyncio.sleep):
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    last = None
    for attempt in range(attempts):
        try:
            return await fn()
        except retry_on as exc:
            last = exc
            await sleep(min(base_delay * factor ** attempt, max_delay))
    raise last


def with_retry(**options):
    def decorator(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            return await retry(lambda: func(*args, **kwargs), **options)
        return wrapper
    return decorator
