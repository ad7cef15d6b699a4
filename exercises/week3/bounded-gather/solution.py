"""Bounded concurrency with a semaphore (week 3, async)."""
import asyncio


async def bounded_gather(jobs, limit, *, return_exceptions=False):
    """Run the zero-argument async functions in ``jobs`` with at most ``limit`` in flight.

    Return their results in the order of ``jobs``. ``limit < 1`` raises ValueError.
    With ``return_exceptions=True`` a failing job's exception takes its place in the list.
    """
    raise NotImplementedError
