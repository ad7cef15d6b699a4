"""A singleton metaclass: one instance per class, created once."""
import threading


class Singleton(type):
    """Metaclass: `Cls()` always returns the same instance of `Cls`.

    Each class (subclasses included) has its own instance; `__init__` runs
    only on the first call; `Cls.clear()` forgets the instance; first
    creation is thread-safe.
    """

    def __call__(cls, *args, **kwargs):
        raise NotImplementedError

    def clear(cls):
        """Forget `cls`'s instance (other classes keep theirs)."""
        raise NotImplementedError
