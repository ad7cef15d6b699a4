"""Timeouts and cancellation: reference solution."""
import asyncio


async def fetch_with_timeout(job, timeout, default=None):
    # asyncio.timeout (3.11) cancels the job at the deadline; the job runs in
    # this very task, so by the time TimeoutError reaches us its finally
    # blocks have run. A TimeoutError can also come from the job itself (an
    # HTTP client's, say): that one must propagate, so look at whether *our*
    # deadline expired rather than at the exception's type.
    deadline = asyncio.timeout(timeout)
    try:
        async with deadline:
            return await job()
    except TimeoutError:  # asyncio.TimeoutError is TimeoutError since Python 3.11
        if deadline.expired():
            return default
        raise


async def gather_partial(jobs, timeout):
    tasks = [asyncio.ensure_future(job()) for job in jobs]
    if not tasks:
        return {}, []
    # asyncio.wait returns early when everything is done; it never raises on timeout.
    finished, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    # cancel() only *requests* cancellation; awaiting the tasks lets their cleanup run.
    # return_exceptions=True turns each CancelledError into a value instead of raising it.
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
