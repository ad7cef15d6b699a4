# wrong: run_pipeline skips the queue and the consumers and gathers handle() over every item at once: no bound on concurrency, n_consumers is ignored
"""Producer / consumer with asyncio.Queue: reference solution."""
import asyncio

# The shutdown sentinel: a unique object, so that None, 0 or "" can be ordinary items.
DONE = object()


async def producer(queue, items, n_consumers):
    for item in items:
        await queue.put(item)  # waits while a bounded queue is full (back-pressure)
    # Each consumer stops at the first DONE it takes, so every consumer needs its own.
    for _ in range(n_consumers):
        await queue.put(DONE)


async def consumer(queue, handle, results):
    while True:
        item = await queue.get()
        try:
            if item is DONE:
                return
            try:
                results.append(await handle(item))
            except Exception as exc:
                # One bad item must not kill the consumer: a dead consumer stops taking
                # items and a bounded queue would then block the producer for ever.
                results.append(exc)
        finally:
            queue.task_done()  # also for DONE, so queue.join() can finish


async def run_pipeline(items, handle, n_consumers=2, maxsize=0):
    if n_consumers < 1:
        raise ValueError("need at least one consumer")
    return list(await asyncio.gather(*(handle(x) for x in items), return_exceptions=True))
