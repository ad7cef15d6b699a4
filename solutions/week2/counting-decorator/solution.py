"""A decorator that counts calls."""
import functools


def count_calls(func):
    """Return a wrapper that counts calls to `func`.

    wrapper.calls: number of calls so far (raising calls included)
    wrapper.reset(): set the count back to 0
    The wrapper keeps func's metadata (functools.wraps).
    """

    # wraps copies __name__, __qualname__, __doc__, __module__, __dict__ and
    # sets __wrapped__ = func (which inspect.signature follows).
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        # Count first: a call that raises was still a call.
        wrapper.calls += 1
        return func(*args, **kwargs)

    def reset():
        wrapper.calls = 0

    # The state lives on the wrapper object itself: one counter per
    # decorated function, readable from outside as `f.calls`.
    wrapper.calls = 0
    wrapper.reset = reset
    return wrapper
