# wrong: tests the sentinel with `default == MISSING`, which asks the default's __eq__: a default equal to everything is taken for no default
"""Identity (`is`) versus equality (`==`).

`a is b` asks "are these one object?" It cannot be overridden and is what
you want for singletons (None, True, False, sentinels) and for "this very
object". `a == b` asks "do these have equal values?" It calls __eq__, which
any class may define as it likes, and is what you want for values such as
strings and numbers: whether two equal strings or ints are also the same
object is an implementation detail (interning, small-int cache) that changes
with how the value was made.
"""

MISSING = object()  # a sentinel: a unique object that no caller can pass by accident


def get_setting(settings, key, default=MISSING):
    """Return settings[key]; if key is absent, return default if one was given
    (any value, None included); with no default, raise KeyError(key).
    """
    if key in settings:
        return settings[key]
    # `default is None` would make None impossible to pass as a real default;
    # `not default` would also swallow 0, "" and False. Only the sentinel
    # means "no default given", and only identity can tell it apart.
    if default == MISSING:
        raise KeyError(key)
    return default


def count_none(values):
    """How many items of values are None itself."""
    # `v == None` asks v's __eq__, which may answer True for anything
    # (NumPy arrays, ORM column objects, mocks...). None is a singleton: use `is`.
    return sum(1 for v in values if v is None)


def status_label(status):
    """"on" for the status "active", "off" for "inactive", "unknown" otherwise."""
    # `status is "active"` only works when both strings happen to be the same
    # interned object (e.g. two literals); a string read from a file, built by
    # join() or .lower() is a new object. Compare strings with ==.
    if status == "active":
        return "on"
    if status == "inactive":
        return "off"
    return "unknown"


def describe(a, b):
    """"same object" if a and b are one object, "equal" if they are distinct but
    equal, "different" otherwise.
    """
    # Identity first: one object is "the same" even if it is not equal to
    # itself (float("nan") != float("nan")).
    if a is b:
        return "same object"
    if a == b:
        return "equal"
    return "different"


def indices_of(items, obj):
    """Positions in items where obj itself (not an equal copy) appears."""
    return [i for i, item in enumerate(items) if item is obj]


def unique_objects(items):
    """items without repeated occurrences of the same object, in first-seen order.

    Distinct objects are all kept, even when they are equal; items need not be
    hashable.
    """
    # `item not in result` would compare with ==. Keying a set by id() is
    # safe here because every item stays alive (in items) while we look.
    seen = set()
    result = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            result.append(item)
    return result
