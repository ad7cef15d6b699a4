"""A metaclass that rejects incomplete subclasses at class-creation time."""


class RequirementsMeta(type):
    """Enforce the `required_attributes` / `required_methods` declared by a root class.

    The root (first class in a hierarchy using this metaclass) is exempt.
    Every other class must provide each required attribute (any value) and
    each required method (callable); inherited definitions count.
    Raises TypeError("<Name> is missing: a, b") or TypeError("<Name>.<m> must be callable").
    """

    def __new__(mcls, name, bases, namespace, **kwargs):
        raise NotImplementedError
