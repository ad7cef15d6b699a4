# wrong: gather_partial always sleeps for the whole timeout, even when every job finished long before
import asyncio


async def fetch_with_timeout(job, timeout, default=None):
    try:
        return await asyncio.wait_for(job(), timeout)
    except TimeoutError:
        return default


async def gather_partial(jobs, timeout):
    tasks = [asyncio.ensure_future(job()) for job in jobs]
    await asyncio.sleep(timeout)
    pending = [t for t in tasks if not t.done()]
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
