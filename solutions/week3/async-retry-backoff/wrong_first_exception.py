# wrong: remembers the first exception and re-raises it at the end instead of the last one; reuses one coroutine in the decorator
import asyncio
import functools


async def retry(fn, *, attempts=3, base_delay=0.01, factor=2.0, max_delay=1.0,
                retry_on=(Exception,), sleep=asyncio.sleep):
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    first = None
    for attempt in range(attempts):
        try:
            return await fn()
        except retry_on as exc:
            if first is None:
                first = exc
            if attempt < attempts - 1:
                await sleep(min(base_delay * factor ** attempt, max_delay))
    raise first


def with_retry(**options):
    def decorator(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            coro = func(*args, **kwargs)
            return await retry(lambda: coro, **options)
        return wrapper
    return decorator
