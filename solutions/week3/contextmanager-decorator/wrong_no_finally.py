# wrong: restores after `yield` without try/finally, so an exception in the block skips the restore
import contextlib
import os

_MISSING = object()


@contextlib.contextmanager
def temp_attr(obj, name, value):
    old = getattr(obj, name, _MISSING)
    setattr(obj, name, value)
    yield None if old is _MISSING else old
    if old is _MISSING:
        delattr(obj, name)
    else:
        setattr(obj, name, old)


@contextlib.contextmanager
def temp_env(**overrides):
    saved = {key: os.environ.get(key) for key in overrides}
    for key, value in overrides.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = str(value)
    yield
    for key, old in saved.items():
        if old is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = old
