# wrong: catches every Exception regardless of retry_on, and the decorator drops functools.wraps
import asyncio


async def retry(fn, *, attempts=3, base_delay=0.01, factor=2.0, max_delay=1.0,
                retry_on=(Exception,), sleep=asyncio.sleep):
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for attempt in range(attempts):
        try:
            return await fn()
        except Exception:
            if attempt == attempts - 1:
                raise
            await sleep(min(base_delay * factor ** attempt, max_delay))


def with_retry(**options):
    def decorator(func):
        async def wrapper(*args, **kwargs):
            return await retry(lambda: func(*args, **kwargs), **options)
        return wrapper
    return decorator
