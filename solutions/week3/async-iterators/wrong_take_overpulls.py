# wrong: take() checks the length before appending, so it pulls one item too many from the source and loses it
import asyncio
import inspect


class Countdown:
    def __init__(self, start):
        if start < 0:
            raise ValueError("start must be >= 0")
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0)
        if self.current <= 0:
            raise StopAsyncIteration
        value = self.current
        self.current -= 1
        return value


async def ticker(values, delay=0):
    for value in values:
        await asyncio.sleep(delay)
        yield value


async def take(aiterable, n):
    items = []
    async for item in aiterable:
        if len(items) >= n:
            break
        items.append(item)
    return items


async def amap(func, aiterable):
    async for item in aiterable:
        value = func(item)
        if inspect.isawaitable(value):
            value = await value
        yield value
