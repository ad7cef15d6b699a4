"""Context managers with @contextlib.contextmanager (week 3, context managers)."""
import contextlib
import os


@contextlib.contextmanager
def temp_attr(obj, name, value):
    """Set ``obj.name = value`` for the block; yield the previous value (or None).

    Restore the old value afterwards, or delete the attribute if it did not exist,
    even when the block raises.
    """
    raise NotImplementedError
    yield  # keeps this function a generator


@contextlib.contextmanager
def temp_env(**overrides):
    """Set (or, for None, unset) environment variables for the block; restore them after."""
    raise NotImplementedError
    yield  # keeps this function a generator
