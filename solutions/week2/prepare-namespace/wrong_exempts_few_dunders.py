# wrong: exempts only __module__ and __qualname__, not every dunder name
"""Metaclasses that take charge of the class body's namespace through __prepare__ (reference)."""


def _is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class _StrictNamespace(dict):
    """The class body runs in this mapping: every binding goes through __setitem__."""

    def __init__(self, class_name):
        super().__init__()
        self.class_name = class_name

    def __setitem__(self, key, value):
        if key in self and key not in ("__module__", "__qualname__") and key != "_":
            old = self[key]
            if not (isinstance(old, property) and isinstance(value, property)):
                raise TypeError(f"{key!r} is defined twice in class {self.class_name!r}")
        super().__setitem__(key, value)


class NoRedefinition(type):
    """A class body may not bind the same name twice (dunders, `_` and @x.setter excepted)."""

    @classmethod
    def __prepare__(mcls, name, bases, **kwargs):
        # A fresh mapping per class statement: only bindings of *this* body
        # are compared, so a subclass may still override its bases.
        return _StrictNamespace(name)


class _NumberingNamespace(dict):
    """Reading an unknown upper-case name in the body binds it to the next number."""

    def __init__(self, start):
        super().__init__()
        self.start = start
        self.members = {}

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if key.isupper() and isinstance(value, int) and not isinstance(value, bool):
            self.members[key] = value

    def __missing__(self, key):
        # The body's name lookups (LOAD_NAME) call namespace[key] first; a
        # KeyError sends Python on to the module globals and the builtins,
        # so only the names we choose to invent are invented.
        if not key.isupper() or _is_dunder(key):
            raise KeyError(key)
        value = max(self.members.values()) + 1 if self.members else self.start
        self[key] = value
        return value


class AutoNumber(type):
    """Bare upper-case names in the class body bind themselves to the next number."""

    @classmethod
    def __prepare__(mcls, name, bases, *, start=1, **kwargs):
        return _NumberingNamespace(start)

    def __new__(mcls, name, bases, namespace, *, start=1, **kwargs):
        # type.__new__ copies the namespace into a plain dict: the magic
        # stops with the class body. `start` is ours: it must not travel on
        # to type.__new__ (and from there to __init_subclass__).
        members = dict(namespace.members)
        cls = super().__new__(mcls, name, bases, dict(namespace), **kwargs)
        cls._members = members
        return cls

    def __init__(cls, name, bases, namespace, *, start=1, **kwargs):
        super().__init__(name, bases, namespace, **kwargs)
