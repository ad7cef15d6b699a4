"""Timeouts and cancellation (week 3, async)."""
import asyncio


async def fetch_with_timeout(job, timeout, default=None):
    """Return ``await job()``, or ``default`` if it takes longer than ``timeout`` seconds.

    On timeout the job is cancelled and its cleanup has finished before this returns.
    The job's own exceptions propagate.
    """
    raise NotImplementedError


async def gather_partial(jobs, timeout):
    """Run the jobs concurrently for at most ``timeout`` seconds.

    Return ``(done, timed_out)``: ``{index: result or exception}`` for the jobs that
    finished, and the sorted indices of the jobs that had to be cancelled (after their
    cancellation completed).
    """
    raise NotImplementedError
