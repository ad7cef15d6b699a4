"""A hand-written LRU memoiser (no functools.lru_cache)."""
import functools
from collections import OrderedDict


def lru_memoize(maxsize=128):
    """Return a decorator caching up to `maxsize` results (None: unbounded).

    The least recently used entry is evicted first. The wrapper has
    cache_info() -> {'hits', 'misses', 'maxsize', 'currsize'} and cache_clear().
    Raises ValueError unless maxsize is a positive int or None.
    """
    raise NotImplementedError
