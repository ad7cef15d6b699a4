# wrong: returns the results in the order the consumers finished them, not in input order
import asyncio

DONE = object()


async def producer(queue, items, n_consumers):
    for item in items:
        await queue.put(item)
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
                results.append(exc)
        finally:
            queue.task_done()


async def run_pipeline(items, handle, n_consumers=2, maxsize=0):
    if n_consumers < 1:
        raise ValueError("need at least one consumer")
    queue = asyncio.Queue(maxsize)
    results = []
    await asyncio.gather(
        producer(queue, items, n_consumers),
        *(consumer(queue, handle, results) for _ in range(n_consumers)),
    )
    return results
