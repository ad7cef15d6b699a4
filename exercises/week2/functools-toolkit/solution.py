"""Small utilities built with functools."""
import functools
import operator


def product(numbers):
    """Product of the numbers (1 for none), using functools.reduce."""
    raise NotImplementedError


def compose(*funcs):
    """compose(f, g, h)(x) == f(g(h(x))); compose() is the identity. Use reduce."""
    raise NotImplementedError


# TODO: functools.partial objects
square = None      # square(5) == 25, from pow
cube = None        # cube(2) == 8, from pow
parse_hex = None   # parse_hex("ff") == 255, from int


def describe(value):
    """Describe a value by type: make this a functools.singledispatch function."""
    raise NotImplementedError


class Version:
    """A dotted version number, ordered numerically (use functools.total_ordering)."""

    def __init__(self, text):
        raise NotImplementedError
