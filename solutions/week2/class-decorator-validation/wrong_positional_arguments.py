# wrong: attributes and methods may be passed positionally (the signature makes them keyword-only)
"""Interface validation with a class decorator."""


def requires(attributes=(), methods=()):
    """Return a class decorator that checks the decorated class.

    Missing names raise TypeError("<Name> is missing: a, b"); a required
    method that is not callable raises TypeError("<Name>.<m> must be callable").
    The decorator returns the class itself.
    """
    attributes, methods = tuple(attributes), tuple(methods)

    def check(cls):
        # The class is complete here: getattr/hasattr follow its MRO.
        missing = sorted({n for n in attributes + methods if not hasattr(cls, n)})
        if missing:
            raise TypeError(f"{cls.__name__} is missing: {', '.join(missing)}")
        for method in methods:
            if not callable(getattr(cls, method)):
                raise TypeError(f"{cls.__name__}.{method} must be callable")
        # A class decorator's return value replaces the class: return the
        # class itself, unchanged (any metaclass, e.g. ABCMeta, is kept).
        return cls

    return check
