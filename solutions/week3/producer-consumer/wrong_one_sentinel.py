# wrong: the producer puts a single DONE, so only one consumer stops and the others wait for ever
import asyncio

DONE = object()


async def producer(queue, items, n_consumers):
    for item in items:
        await queue.put(item)
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
    pairs = []

    async def indexed(pair):
        index, item = pair
        try:
            return index, await handle(item)
        except Exception as exc:
            return index, exc

    await asyncio.gather(
        producer(queue, enumerate(items), n_consumers),
        *(consumer(queue, indexed, pairs) for _ in range(n_consumers)),
    )
    return [result for _, result in sorted(pairs, key=lambda pair: pair[0])]
