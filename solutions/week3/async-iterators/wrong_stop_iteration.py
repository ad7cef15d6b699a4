# wrong: __anext__ raises StopIteration (not StopAsyncIteration) and amap never awaits async results
import asyncio


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
            raise StopIteration
        value = self.current
        self.current -= 1
        return value


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
        yield func(item)
