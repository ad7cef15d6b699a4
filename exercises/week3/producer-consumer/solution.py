"""Producer / consumer with asyncio.Queue (week 3, async)."""
import asyncio

# The shutdown sentinel: a unique object, so that None, 0 or "" can be ordinary items.
DONE = object()


async def producer(queue, items, n_consumers):
    """Put every item on the queue (awaiting put), then one DONE per consumer."""
    raise NotImplementedError


async def consumer(queue, handle, results):
    """Process items until DONE: append ``await handle(item)`` (or the exception) to results.

    Call ``queue.task_done()`` for every item taken, the sentinel included.
    """
    raise NotImplementedError


async def run_pipeline(items, handle, n_consumers=2, maxsize=0):
    """Run one producer and ``n_consumers`` consumers; return results in input order."""
    raise NotImplementedError
