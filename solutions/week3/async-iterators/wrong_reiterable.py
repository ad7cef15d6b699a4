# wrong: __aiter__ returns a fresh iterator each time, so Countdown is a re-iterable container instead of a one-shot iterator
import asyncio
import inspect


class _CountdownIterator:
    def __init__(self, start):
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


class Countdown:
    def __init__(self, start):
        if start < 0:
            raise ValueError("start must be >= 0")
        self.start = start

    def __aiter__(self):
        return _CountdownIterator(self.start)

    async def __anext__(self):
        raise StopAsyncIteration


async def ticker(values, delay=0):
    for value in values:
        await asyncio.sleep(delay)
        yield value


async def take(aiterable, n):
    result = []
    if n <= 0:
        return result
    async for item in aiterable:
        result.append(item)
        if len(result) >= n:
            break
    return result


async def amap(func, aiterable):
    async for item in aiterable:
        value = func(item)
        if inspect.isawaitable(value):
            value = await value
        yield value
