# wrong: catches every TimeoutError, so a job's own TimeoutError is turned into the default instead of propagating
"""Timeouts and cancellation: reference solution."""
import asyncio


async def fetch_with_timeout(job, timeout, default=None):
    try:
        # wait_for cancels the inner task on timeout *and waits for it*, so the job's
        # finally blocks have run before TimeoutError reaches us.
        return await asyncio.wait_for(job(), timeout)
    except TimeoutError:  # asyncio.TimeoutError is TimeoutError since Python 3.11
        return default


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
