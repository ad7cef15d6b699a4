# wrong: Ranged rejects bool but lets a str or None reach the comparison, whose TypeError does not name the attribute
"""Reusable validating descriptors built on __set_name__ (reference)."""


class Validated:
    """Base data descriptor: validate on assignment, store in the instance __dict__."""

    def __set_name__(self, owner, name):
        # Called once, when the owning class body is executed: the descriptor
        # learns the attribute name it was assigned to (price, quantity, ...).
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        try:
            return instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(
                f"{type(instance).__name__!r} object has no attribute {self.name!r}"
            ) from None

    def __set__(self, instance, value):
        # Validate first, store second: a rejected value never replaces a good one.
        self.validate(value)
        # Storing under the same name is safe: a data descriptor (it has __set__)
        # takes precedence over the instance __dict__ on lookup, so reads still
        # come through __get__. Per-instance storage, never on the descriptor.
        instance.__dict__[self.name] = value

    def __delete__(self, instance):
        try:
            del instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def validate(self, value):
        """Raise TypeError or ValueError if value is not acceptable; subclasses extend it."""


class Typed(Validated):
    """Accept only instances of `kind` (a type or a tuple of types)."""

    def __init__(self, kind):
        self.kind = kind

    def validate(self, value):
        if not isinstance(value, self.kind):
            kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
            expected = " or ".join(k.__name__ for k in kinds)
            raise TypeError(f"{self.name} must be {expected}, got {type(value).__name__}")
        super().validate(value)


class Ranged(Validated):
    """Accept int or float (not bool) within [min_value, max_value]; None means unbounded."""

    def __init__(self, min_value=None, max_value=None):
        self.min_value = min_value
        self.max_value = max_value

    def validate(self, value):
        # bool is a subclass of int, but True is not a sensible price.
        if isinstance(value, bool):
            raise TypeError(f"{self.name} must be a number, got {type(value).__name__}")
        if self.min_value is not None and value < self.min_value:
            raise ValueError(f"{self.name} must be >= {self.min_value}, got {value}")
        if self.max_value is not None and value > self.max_value:
            raise ValueError(f"{self.name} must be <= {self.max_value}, got {value}")
        super().validate(value)


class NonEmpty(Validated):
    """Accept a str with at least one non-whitespace character."""

    def validate(self, value):
        if not isinstance(value, str):
            raise TypeError(f"{self.name} must be str, got {type(value).__name__}")
        if not value.strip():
            raise ValueError(f"{self.name} must not be empty")
        super().validate(value)


class Product:
    name = NonEmpty()
    price = Ranged(0, 10_000)
    quantity = Typed(int)

    def __init__(self, name, price, quantity):
        # These assignments go through the descriptors' __set__, so the
        # constructor validates too.
        self.name = name
        self.price = price
        self.quantity = quantity
