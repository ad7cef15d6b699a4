"""A decorator that counts calls."""
import functools


def count_calls(func):
    """Return a wrapper that counts calls to `func`.

    wrapper.calls: number of calls so far (raising calls included)
    wrapper.reset(): set the count back to 0
    The wrapper keeps func's metadata (functools.wraps).
    """
    raise NotImplementedError
