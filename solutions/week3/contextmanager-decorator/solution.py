"""Context managers with @contextlib.contextmanager: reference solution."""
import contextlib
import os

_MISSING = object()  # a sentinel: None is a perfectly valid attribute value


@contextlib.contextmanager
def temp_attr(obj, name, value):
    old = getattr(obj, name, _MISSING)
    setattr(obj, name, value)
    try:
        yield None if old is _MISSING else old
    finally:
        # The exception of the block is re-raised at the `yield`; finally restores anyway.
        if old is _MISSING:
            delattr(obj, name)
        else:
            setattr(obj, name, old)


@contextlib.contextmanager
def temp_env(**overrides):
    # Remember the old state of exactly the variables we touch (None = did not exist).
    saved = {key: os.environ.get(key) for key in overrides}
    try:
        for key, value in overrides.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = str(value)
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
