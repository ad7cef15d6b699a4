# wrong: collects results with as_completed, so they come back in completion order instead of input order
import asyncio


async def bounded_gather(jobs, limit, *, return_exceptions=False):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    semaphore = asyncio.Semaphore(limit)

    async def run(job):
        async with semaphore:
            return await job()

    results = []
    for fut in asyncio.as_completed([run(job) for job in jobs]):
        try:
            results.append(await fut)
        except Exception as exc:
            if not return_exceptions:
                raise
            results.append(exc)
    return results
