"""Bounded concurrency with a semaphore: reference solution."""
import asyncio


async def bounded_gather(jobs, limit, *, return_exceptions=False):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    # One semaphore shared by every job: that is what bounds the total.
    semaphore = asyncio.Semaphore(limit)

    async def run(job):
        async with semaphore:
            # The coroutine is created only once a slot is free.
            return await job()

    # gather keeps the order of its arguments, whatever order the jobs finish in.
    return await asyncio.gather(*(run(job) for job in jobs), return_exceptions=return_exceptions)
