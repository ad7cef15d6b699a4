"""Async iterators and async generators (week 3, async)."""
import asyncio
import inspect


class Countdown:
    """Async iterator over start, start-1, ..., 1 (one-shot)."""

    def __init__(self, start):
        """ValueError if start < 0."""
        raise NotImplementedError

    def __aiter__(self):
        """An iterator is its own iterator."""
        raise NotImplementedError

    async def __anext__(self):
        """Await asyncio.sleep(0), then return the next number or raise StopAsyncIteration."""
        raise NotImplementedError


async def ticker(values, delay=0):
    """Async generator: yield each value, sleeping ``delay`` seconds before each one."""
    raise NotImplementedError
    yield  # makes this an async generator


async def take(aiterable, n):
    """Return the first ``n`` items of ``aiterable`` as a list, pulling no more than ``n``."""
    raise NotImplementedError


async def amap(func, aiterable):
    """Async generator of ``func(item)``, awaiting the result when it is awaitable."""
    raise NotImplementedError
    yield  # makes this an async generator
