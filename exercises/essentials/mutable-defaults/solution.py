"""Defaults evaluated once: write these functions without shared mutable defaults."""
import time


def now() -> float:
    """The clock (given). Tests may replace it."""
    return time.time()


def add_tag(tag, tags=None):
    """Append tag to the given list (in place) and return it; without a list, return [tag]."""
    raise NotImplementedError


def make_user(name, roles=None, settings=None):
    """{"name": name, "roles": a new list, "settings": a new dict}: the user owns its containers."""
    raise NotImplementedError


def stamp(message, at=None):
    """(at, message), with `at` defaulting to now() at the time of the call."""
    raise NotImplementedError


class Cart:
    """A shopping cart that owns its list of items."""

    def __init__(self, owner, items=None):
        raise NotImplementedError

    def add(self, item):
        """Append item to this cart's items."""
        raise NotImplementedError
