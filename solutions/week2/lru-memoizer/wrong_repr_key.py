# wrong: keys the cache on repr() of the arguments, so unhashable arguments are silently cached instead of raising TypeError
"""A hand-written LRU memoiser (no functools.lru_cache)."""
import functools
from collections import OrderedDict


def lru_memoize(maxsize=128):
    """Return a decorator caching up to `maxsize` results (None: unbounded).

    The least recently used entry is evicted first. The wrapper has
    cache_info() -> {'hits', 'misses', 'maxsize', 'currsize'} and cache_clear().
    Raises ValueError unless maxsize is a positive int or None.
    """
    # `type(...) is int` also rejects bool (True would be a size of 1).
    if maxsize is not None and not (type(maxsize) is int and maxsize > 0):
        raise ValueError(f"maxsize must be a positive int or None, not {maxsize!r}")

    def decorator(func):
        # The state lives in this closure: one cache per decorated function.
        # OrderedDict keeps entries from least to most recently used, and
        # both move_to_end and popitem(last=False) are O(1).
        cache = OrderedDict()
        hits = misses = 0

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal hits, misses
            # Sorting the keyword items makes their order irrelevant; keeping
            # args and kwargs apart keeps f(1) and f(a=1) distinct.
            key = repr((args, sorted(kwargs.items())))
            # `in`, not `cache.get(key) is None`: None is a valid result.
            if key in cache:
                hits += 1
                cache.move_to_end(key)
                return cache[key]
            misses += 1
            result = func(*args, **kwargs)   # if it raises, nothing is stored
            cache[key] = result
            if maxsize is not None and len(cache) > maxsize:
                cache.popitem(last=False)    # the least recently used
            return result

        def cache_info():
            return {"hits": hits, "misses": misses, "maxsize": maxsize, "currsize": len(cache)}

        def cache_clear():
            nonlocal hits, misses
            cache.clear()
            hits = misses = 0

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
