# wrong: decides "interface" by truthiness, so `methods=()` is checked like an ordinary subclass
"""Interface validation with __init_subclass__ and class keyword arguments."""


class Interface:
    """Base class; subclasses declare requirements with class keywords.

    class Shape(Interface, attributes=(...), methods=(...)) declares an interface
    (not checked, requirements accumulate); other subclasses are checked.
    """

    required_attributes = frozenset()
    required_methods = frozenset()

    # Implicitly a classmethod. Called by type.__new__ on the *parent* side
    # of the MRO, with the class keywords of the new class statement.
    def __init_subclass__(cls, *, attributes=None, methods=None, **kwargs):
        # First let the other bases see their keywords; whatever nobody
        # consumes ends at object.__init_subclass__, which raises TypeError.
        super().__init_subclass__(**kwargs)

        if attributes or methods:
            # An interface: extend (never mutate) the inherited requirements.
            # `|` on frozensets builds new sets, so the parent is untouched.
            cls.required_attributes = cls.required_attributes | frozenset(attributes or ())
            cls.required_methods = cls.required_methods | frozenset(methods or ())
            return

        required = cls.required_attributes | cls.required_methods
        missing = sorted(n for n in required if not hasattr(cls, n))
        if missing:
            raise TypeError(f"{cls.__name__} is missing: {', '.join(missing)}")
        for method in sorted(cls.required_methods):
            if not callable(getattr(cls, method)):
                raise TypeError(f"{cls.__name__}.{method} must be callable")
