"""Interface validation with __init_subclass__ and class keyword arguments."""


class Interface:
    """Base class; subclasses declare requirements with class keywords.

    class Shape(Interface, attributes=(...), methods=(...)) declares an interface
    (not checked, requirements accumulate); other subclasses are checked.
    """

    required_attributes = frozenset()
    required_methods = frozenset()

    def __init_subclass__(cls, *, attributes=None, methods=None, **kwargs):
        raise NotImplementedError
