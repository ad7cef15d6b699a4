"""Reusable validating descriptors built on __set_name__."""


class Validated:
    """Base data descriptor: validate on assignment, store per instance.

    - __set_name__ remembers the attribute name in self.name.
    - Class access (instance is None) returns the descriptor itself.
    - Reading an attribute never assigned raises AttributeError naming it.
    - __set__ calls self.validate(value) and stores the value only if it passes.
    - __delete__ removes the value.
    """

    def __set_name__(self, owner, name):
        raise NotImplementedError

    def __get__(self, instance, owner=None):
        raise NotImplementedError

    def __set__(self, instance, value):
        raise NotImplementedError

    def __delete__(self, instance):
        raise NotImplementedError

    def validate(self, value):
        """Raise TypeError or ValueError if value is not acceptable; subclasses extend it."""


class Typed(Validated):
    """Accept only instances of `kind` (a type or a tuple of types), else TypeError."""

    def __init__(self, kind):
        raise NotImplementedError

    def validate(self, value):
        raise NotImplementedError


class Ranged(Validated):
    """Accept int or float (not bool; else TypeError) within [min_value, max_value]
    inclusive (else ValueError). None means no bound on that side."""

    def __init__(self, min_value=None, max_value=None):
        raise NotImplementedError

    def validate(self, value):
        raise NotImplementedError


class NonEmpty(Validated):
    """Accept a str (else TypeError) with at least one non-whitespace character (else ValueError)."""

    def validate(self, value):
        raise NotImplementedError


class Product:
    name = NonEmpty()
    price = Ranged(0, 10_000)
    quantity = Typed(int)

    def __init__(self, name, price, quantity):
        self.name = name
        self.price = price
        self.quantity = quantity
