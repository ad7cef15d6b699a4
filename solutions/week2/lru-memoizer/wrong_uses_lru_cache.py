# wrong: delegates to functools.lru_cache instead of writing the cache by hand
import functools


def lru_memoize(maxsize=128):
    if maxsize is not None and not (type(maxsize) is int and maxsize > 0):
        raise ValueError("maxsize must be a positive int or None")

    def decorator(func):
        return functools.lru_cache(maxsize=maxsize)(func)

    return decorator
