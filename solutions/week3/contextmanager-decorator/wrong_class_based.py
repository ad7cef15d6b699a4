# wrong: temp_attr and temp_env are classes with __enter__/__exit__: the behaviour is right, but the challenge is to write them as @contextmanager generators
"""Context managers with @contextlib.contextmanager: reference solution."""
import contextlib
import os

_MISSING = object()  # a sentinel: None is a perfectly valid attribute value


class temp_attr:
    _MISSING = object()

    def __init__(self, obj, name, value):
        self.obj, self.name, self.value = obj, name, value

    def __enter__(self):
        self.old = getattr(self.obj, self.name, self._MISSING)
        setattr(self.obj, self.name, self.value)
        return None if self.old is self._MISSING else self.old

    def __exit__(self, *exc):
        if self.old is self._MISSING:
            delattr(self.obj, self.name)
        else:
            setattr(self.obj, self.name, self.old)
        return False


class temp_env:
    def __init__(self, **overrides):
        self.overrides = overrides

    def __enter__(self):
        self.saved = {k: os.environ.get(k) for k in self.overrides}
        for k, v in self.overrides.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = str(v)
        return None

    def __exit__(self, *exc):
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        return False
