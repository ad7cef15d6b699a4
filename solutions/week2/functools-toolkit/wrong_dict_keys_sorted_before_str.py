# wrong: describe sorts the dict's keys themselves, then takes their str (mixed key types cannot be sorted)
"""Small utilities built with functools."""
import functools
import operator
import re


def product(numbers):
    """Product of the numbers (1 for none), using functools.reduce."""
    # The initial value 1 is both the neutral element and the answer for an
    # empty iterable (without it, reduce raises TypeError on []).
    return functools.reduce(operator.mul, numbers, 1)


def _identity(x):
    return x


def compose(*funcs):
    """compose(f, g, h)(x) == f(g(h(x))); compose() is the identity. Use reduce."""
    # Fold pairwise: compose2(f, g) = lambda x: f(g(x)). Starting from the
    # identity makes compose() work and keeps right-to-left application.
    return functools.reduce(lambda f, g: lambda x: f(g(x)), funcs, _identity)


# partial freezes some arguments of a callable; .func, .args and .keywords
# stay inspectable (unlike a lambda).
square = functools.partial(pow, exp=2)
cube = functools.partial(pow, exp=3)
parse_hex = functools.partial(int, base=16)


@functools.singledispatch
def describe(value):
    """Describe a value by type (the fallback for unregistered types)."""
    return "object"


# register() reads the type from the first parameter's annotation.
@describe.register
def _(value: int):
    return f"int {value}"


# bool subclasses int: without its own registration, True dispatches to int.
@describe.register
def _(value: bool):
    return f"bool {value}"


@describe.register
def _(value: float):
    return f"float {value}"


@describe.register
def _(value: str):
    return f"str {value!r}"


@describe.register(list)
@describe.register(tuple)
def _(value):
    return f"sequence of {len(value)}"


@describe.register
def _(value: dict):
    return "dict with keys " + ", ".join(str(k) for k in sorted(value))


@describe.register(type(None))
def _(value):
    return "nothing"


# total_ordering derives __le__, __gt__ and __ge__ from __eq__ and __lt__
# (and passes NotImplemented through, so mixed-type ordering raises TypeError).
@functools.total_ordering
class Version:
    """A dotted version number, ordered numerically."""

    _PATTERN = re.compile(r"\d+(\.\d+)*", re.ASCII)

    def __init__(self, text):
        if not isinstance(text, str) or not self._PATTERN.fullmatch(text):
            raise ValueError(f"invalid version: {text!r}")
        self.text = text
        parts = [int(p) for p in text.split(".")]
        while len(parts) > 1 and parts[-1] == 0:   # "1.0.0" == "1"
            parts.pop()
        self._key = tuple(parts)

    def __eq__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self._key == other._key

    def __lt__(self, other):
        if not isinstance(other, Version):
            return NotImplemented
        return self._key < other._key

    # Equal objects must have equal hashes: hash the normalised key.
    def __hash__(self):
        return hash(self._key)

    def __repr__(self):
        return f"Version({self.text!r})"
