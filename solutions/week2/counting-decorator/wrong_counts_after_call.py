# wrong: increments the counter after the call returns, so calls that raise are not counted
import functools


def count_calls(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        wrapper.calls += 1
        return result

    def reset():
        wrapper.calls = 0

    wrapper.calls = 0
    wrapper.reset = reset
    return wrapper
