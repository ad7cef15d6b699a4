# wrong: run_all uses asyncio.gather: the first exception propagates bare, and the other jobs keep running unattended
"""Structured concurrency with asyncio.TaskGroup, ExceptionGroup and except*.

Reference solution.
"""
import asyncio


async def run_all(jobs):
    return list(await asyncio.gather(*(job() for job in jobs)))


async def summarize(jobs):
    """Return {'results', 'timeouts', 'bad_input'} for run_all(jobs), handling
    TimeoutError and ValueError with except*; anything else propagates."""
    report = {"results": None, "timeouts": 0, "bad_input": []}
    try:
        report["results"] = await run_all(jobs)
    # Each except* clause receives the sub-group of matching exceptions (with
    # the nesting kept), and both clauses can run for one group. What no
    # clause matched is re-raised as an ExceptionGroup of its own.
    except* TimeoutError as timeouts:
        report["timeouts"] = len(leaves(timeouts))
    except* ValueError as bad:
        report["bad_input"] = sorted(str(e) for e in leaves(bad))
    return report


def leaves(group):
    """The non-group exceptions inside a (possibly nested) exception group, depth first."""
    found = []
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            found.extend(leaves(exc))
        else:
            found.append(exc)
    return found
