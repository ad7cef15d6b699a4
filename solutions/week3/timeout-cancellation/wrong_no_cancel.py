# wrong: fetch_with_timeout uses asyncio.wait with a timeout and never cancels the slow job, which keeps running in the background
import asyncio


async def fetch_with_timeout(job, timeout, default=None):
    task = asyncio.ensure_future(job())
    finished, pending = await asyncio.wait([task], timeout=timeout)
    if pending:
        return default
    return task.result()


async def gather_partial(jobs, timeout):
    tasks = [asyncio.ensure_future(job()) for job in jobs]
    if not tasks:
        return {}, []
    finished, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    done, timed_out = {}, []
    for index, task in enumerate(tasks):
        if task in pending:
            timed_out.append(index)
        elif task.exception() is not None:
            done[index] = task.exception()
        else:
            done[index] = task.result()
    return done, timed_out
