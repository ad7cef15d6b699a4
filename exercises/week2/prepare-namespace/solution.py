"""Metaclasses that take charge of the class body's namespace through __prepare__."""


class NoRedefinition(type):
    """A class body may not bind the same name twice (dunders, `_` and @x.setter excepted)."""

    @classmethod
    def __prepare__(mcls, name, bases, **kwargs):
        raise NotImplementedError


class AutoNumber(type):
    """Bare upper-case names in the class body bind themselves to the next number."""

    @classmethod
    def __prepare__(mcls, name, bases, *, start=1, **kwargs):
        raise NotImplementedError

    def __new__(mcls, name, bases, namespace, *, start=1, **kwargs):
        raise NotImplementedError

    def __init__(cls, name, bases, namespace, *, start=1, **kwargs):
        raise NotImplementedError
