# wrong: counts group.exceptions at the top level only: a job's own nested ExceptionGroup counts as one failure and its messages are lost
"""Structured concurrency with asyncio.TaskGroup, ExceptionGroup and except*.

Reference solution.
"""
import asyncio


async def run_all(jobs):
    """Run the zero-argument async functions in `jobs` in a TaskGroup; results in order.

    A failure cancels the other jobs and raises an ExceptionGroup of the failures.
    """
    # Leaving the `async with` waits for every task. If one fails, the group
    # cancels the rest, waits for their cleanup, and raises an ExceptionGroup
    # of every failure (gather would hand you only the first one, and leave
    # the others running).
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    return [task.result() for task in tasks]


async def summarize(jobs):
    report = {"results": None, "timeouts": 0, "bad_input": []}
    try:
        report["results"] = await run_all(jobs)
    except* TimeoutError as timeouts:
        report["timeouts"] = len(timeouts.exceptions)
    except* ValueError as bad:
        report["bad_input"] = sorted(str(e) for e in bad.exceptions if not isinstance(e, BaseExceptionGroup))
    return report


def leaves(group):
    found = []
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            found.extend(leaves(exc))
        else:
            found.append(exc)
    return found
