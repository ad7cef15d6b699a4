"""Async retry with exponential backoff (week 3, async)."""
import asyncio
import functools


async def retry(fn, *, attempts=3, base_delay=0.01, factor=2.0, max_delay=1.0,
                retry_on=(Exception,), sleep=asyncio.sleep):
    """Await ``fn()``, retrying on ``retry_on`` exceptions with exponential backoff.

    Delay before retry k (k = 0, 1, ...): ``min(base_delay * factor ** k, max_delay)``,
    awaited through ``sleep``. Re-raise the last exception when ``attempts`` calls failed.
    """
    raise NotImplementedError


def with_retry(**options):
    """Decorator factory: ``@with_retry(attempts=...)`` wraps an async function with ``retry``."""
    raise NotImplementedError
