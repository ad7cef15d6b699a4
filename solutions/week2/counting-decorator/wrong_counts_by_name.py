# wrong: keeps the counts in a module-level dict keyed by __qualname__, so two functions with the same name share a counter
import functools
_counts = {}
def count_calls(func):
    _counts[func.__qualname__] = 0
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _counts[func.__qualname__] += 1
        wrapper.calls = _counts[func.__qualname__]
        return func(*args, **kwargs)
    def reset():
        _counts[func.__qualname__] = 0
        wrapper.calls = 0
    wrapper.calls = 0
    wrapper.reset = reset
    return wrapper
