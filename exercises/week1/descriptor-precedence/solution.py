"""Attribute lookup by hand: what `obj.name` really does.

Do not use getattr/hasattr on obj, object.__getattribute__(obj, name), or
inspect.getattr_static: the point is to write the rules yourself. Read class
and instance dictionaries (klass.__dict__, the instance's __dict__) directly.
"""


def lookup(obj, name: str):
    """Return what `getattr(obj, name)` returns, computed by hand.

    Raise AttributeError (naming the attribute) when nothing is found.
    """
    raise NotImplementedError


def explain(obj, name: str) -> str:
    """Say which rule answers `obj.name`.

    One of: 'data descriptor', 'instance dict', 'non-data descriptor',
    'class attribute', '__getattr__'. Raise AttributeError when nothing is found.
    """
    raise NotImplementedError
