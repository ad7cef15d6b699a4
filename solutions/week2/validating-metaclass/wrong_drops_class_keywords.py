# wrong: calls type.__new__ without the class keywords, so a base's __init_subclass__ never receives them
"""A metaclass that rejects incomplete subclasses at class-creation time."""


class RequirementsMeta(type):
    """Enforce the `required_attributes` / `required_methods` declared by a root class.

    The root (first class in a hierarchy using this metaclass) is exempt.
    Every other class must provide each required attribute (any value) and
    each required method (callable); inherited definitions count.
    Raises TypeError("<Name> is missing: a, b") or TypeError("<Name>.<m> must be callable").
    """

    def __new__(mcls, name, bases, namespace, **kwargs):
        # Build the class first: only the finished class answers getattr()
        # through its MRO, so inherited definitions are seen.
        cls = super().__new__(mcls, name, bases, namespace)

        # The root declares the interface; it cannot implement it.
        if not any(isinstance(base, mcls) for base in bases):
            return cls

        attributes = tuple(getattr(cls, "required_attributes", ()))
        methods = tuple(getattr(cls, "required_methods", ()))

        # hasattr, not truthiness: None, 0 and "" are legitimate values.
        missing = sorted({n for n in attributes + methods if not hasattr(cls, n)})
        if missing:
            raise TypeError(f"{name} is missing: {', '.join(missing)}")

        for method in methods:
            if not callable(getattr(cls, method)):
                raise TypeError(f"{name}.{method} must be callable")
        return cls
