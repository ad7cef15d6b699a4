# wrong: uses getattr(obj, name, None) / os.environ.get as "old value", so missing attributes come back as None and missing variables as ""
import contextlib
import os


@contextlib.contextmanager
def temp_attr(obj, name, value):
    old = getattr(obj, name, None)
    setattr(obj, name, value)
    try:
        yield old
    finally:
        setattr(obj, name, old)


@contextlib.contextmanager
def temp_env(**overrides):
    saved = {key: os.environ.get(key, "") for key in overrides}
    try:
        for key, value in overrides.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = str(value)
        yield
    finally:
        os.environ.update(saved)
