# wrong: runs the jobs in fixed batches of limit with one gather per batch and no semaphore: each batch waits for its slowest job while the free slots sit idle
"""Bounded concurrency with a semaphore: reference solution."""
import asyncio


async def bounded_gather(jobs, limit, *, return_exceptions=False):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    results = []
    for start in range(0, len(jobs), limit):
        batch = jobs[start:start + limit]
        results += await asyncio.gather(*(job() for job in batch), return_exceptions=return_exceptions)
    return results
