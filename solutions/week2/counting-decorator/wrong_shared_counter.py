# wrong: keeps one module-level counter, so every decorated function shares (and resets) the same count
import functools

_calls = 0


def count_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        global _calls
        _calls += 1
        wrapper.calls = _calls
        return func(*args, **kwargs)

    def reset():
        global _calls
        _calls = 0
        wrapper.calls = 0

    wrapper.calls = _calls
    wrapper.reset = reset
    return wrapper
