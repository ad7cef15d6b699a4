# wrong: creates a new Semaphore inside every wrapper, so each job has its own limit and nothing is bounded
import asyncio


async def bounded_gather(jobs, limit, *, return_exceptions=False):
    if limit < 1:
        raise ValueError("limit must be at least 1")

    async def run(job):
        async with asyncio.Semaphore(limit):
            return await job()

    return await asyncio.gather(*(run(job) for job in jobs), return_exceptions=return_exceptions)
