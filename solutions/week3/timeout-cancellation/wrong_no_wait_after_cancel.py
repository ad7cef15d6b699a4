# wrong: cancels the pending tasks but returns without awaiting them, so their cleanup has not run yet
import asyncio


async def fetch_with_timeout(job, timeout, default=None):
    try:
        return await asyncio.wait_for(job(), timeout)
    except TimeoutError:
        return default


async def gather_partial(jobs, timeout):
    tasks = [asyncio.ensure_future(job()) for job in jobs]
    if not tasks:
        return {}, []
    finished, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    done, timed_out = {}, []
    for index, task in enumerate(tasks):
        if task in pending:
            timed_out.append(index)
        elif task.exception() is not None:
            done[index] = task.exception()
        else:
            done[index] = task.result()
    return done, timed_out
