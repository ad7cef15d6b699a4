# wrong: amap decides by asyncio.iscoroutinefunction(func) instead of looking at the result: a lambda or functools.partial that returns a coroutine is yielded unawaited
"""Async iterators and async generators: reference solution."""
import asyncio
import inspect


class Countdown:
    """Async iterator over start, start-1, ..., 1 (one-shot)."""

    def __init__(self, start):
        if start < 0:
            raise ValueError("start must be >= 0")
        self.current = start

    def __aiter__(self):
        # An iterator returns itself: iterating twice continues where it stopped.
        return self

    async def __anext__(self):
        await asyncio.sleep(0)
        if self.current <= 0:
            # The async counterpart of StopIteration. Raising StopIteration inside a
            # coroutine would turn into a RuntimeError.
            raise StopAsyncIteration
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
    # Stop as soon as we have n items: `async for` then stops pulling. Checking the
    # length *after* appending avoids asking the source for an item we would discard.
    async for item in aiterable:
        result.append(item)
        if len(result) >= n:
            break
    return result


async def amap(func, aiterable):
    is_async = asyncio.iscoroutinefunction(func)
    async for item in aiterable:
        value = func(item)
        if is_async:
            value = await value
        yield value
