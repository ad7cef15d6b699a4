"""A lazy attribute computed once per instance and cached in its __dict__."""


class cached:
    """Non-data descriptor: compute on first access, then let the instance __dict__ answer."""

    def __init__(self, func):
        """Wrap `func` (a one-argument method); start counting computations at 0."""
        raise NotImplementedError

    def __set_name__(self, owner, name):
        """Remember the attribute name this descriptor was assigned to."""
        raise NotImplementedError

    def __get__(self, instance, owner=None):
        """Return the descriptor on class access; otherwise compute, cache and return."""
        raise NotImplementedError
