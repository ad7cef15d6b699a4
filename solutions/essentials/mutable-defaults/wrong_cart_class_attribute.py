# wrong: the items list is a class attribute, so every cart created without items shares one list
import time


def now() -> float:
    """The clock (given). Tests may replace it."""
    return time.time()


def add_tag(tag, tags=None):
    """Append tag to the given list (in place) and return it; without a list, return [tag]."""
    # `None` as the default, a new list made inside the call: one per call.
    # `tags = tags or []` would be wrong too: an empty list the caller
    # passed in is falsy, and would be replaced instead of appended to.
    if tags is None:
        tags = []
    tags.append(tag)
    return tags


def make_user(name, roles=None, settings=None):
    """{"name": name, "roles": a new list, "settings": a new dict}: the user owns its containers."""
    # list(...) and dict(...) build new containers even when the caller
    # gave some: nobody else holds a reference to what the user stores.
    return {
        "name": name,
        "roles": list(roles) if roles is not None else [],
        "settings": dict(settings) if settings is not None else {},
    }


def stamp(message, at=None):
    """(at, message), with `at` defaulting to now() at the time of the call."""
    # `at=now()` in the signature would run once, at import time.
    if at is None:
        at = now()
    return (at, message)


class Cart:
    """A shopping cart that owns its list of items."""

    items = []

    def __init__(self, owner, items=None):
        self.owner = owner
        # An instance attribute made per cart (a class attribute `items = []`
        # would be one list shared by every cart).
        if items is not None:
            self.items = list(items)

    def add(self, item):
        """Append item to this cart's items."""
        self.items.append(item)
