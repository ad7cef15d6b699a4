"""Identity (`is`) versus equality (`==`)."""

MISSING = object()  # a sentinel: a unique object that no caller can pass by accident


def get_setting(settings, key, default=MISSING):
    """Return settings[key]; if key is absent, return default if one was given
    (any value, None included); with no default, raise KeyError(key).
    """
    raise NotImplementedError


def count_none(values):
    """How many items of values are None itself."""
    raise NotImplementedError


def status_label(status):
    """"on" for the status "active", "off" for "inactive", "unknown" otherwise."""
    raise NotImplementedError


def describe(a, b):
    """"same object" if a and b are one object, "equal" if they are distinct but
    equal, "different" otherwise.
    """
    raise NotImplementedError


def indices_of(items, obj):
    """Positions in items where obj itself (not an equal copy) appears."""
    raise NotImplementedError


def unique_objects(items):
    """items without repeated occurrences of the same object, in first-seen order.

    Distinct objects are all kept, even when they are equal; items need not be
    hashable.
    """
    raise NotImplementedError
