# wrong: awaits the jobs one after another, so there is never more than one in flight
import asyncio


async def bounded_gather(jobs, limit, *, return_exceptions=False):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    results = []
    for job in jobs:
        try:
            results.append(await job())
        except Exception as exc:
            if not return_exceptions:
                raise
            results.append(exc)
    return results
