"""Structured concurrency with asyncio.TaskGroup, ExceptionGroup and except*."""
import asyncio


async def run_all(jobs):
    """Run the zero-argument async functions in `jobs` in a TaskGroup; results in order.

    A failure cancels the other jobs and raises an ExceptionGroup of the failures.
    """
    raise NotImplementedError


async def summarize(jobs):
    """Return {'results', 'timeouts', 'bad_input'} for run_all(jobs), handling
    TimeoutError and ValueError with except*; anything else propagates."""
    raise NotImplementedError


def leaves(group):
    """The non-group exceptions inside a (possibly nested) exception group, depth first."""
    raise NotImplementedError
