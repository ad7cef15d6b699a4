# wrong: forgets functools.wraps, so the wrapper is called "wrapper", has no docstring and no __wrapped__
def count_calls(func):
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return func(*args, **kwargs)

    def reset():
        wrapper.calls = 0

    wrapper.calls = 0
    wrapper.reset = reset
    return wrapper
