# wrong: reads `abstract` with getattr, so every subclass of an abstract base is treated as abstract too
"""Automatic plug-in registration with a metaclass."""


class PluginMeta(type):
    """Register every non-abstract class of a family in its root's `registry`.

    - a root class (no base uses PluginMeta) gets `registry = {}` and is not registered;
    - other classes register under the `name` from their own body, else the lower-cased class name;
    - `abstract = True` in a class's own body skips registration;
    - a duplicate name raises ValueError("duplicate plugin name '<name>'").
    """

    def __new__(mcls, name, bases, namespace, **kwargs):
        # **kwargs travel on to type.__new__, which hands them to
        # __init_subclass__: the metaclass stays cooperative.
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)

        if not any(isinstance(base, mcls) for base in bases):
            # A root: one registry per family, stored on the root class and
            # therefore visible (by inheritance) from every class below it.
            cls.registry = {}
            return cls

        # `namespace` is the class body only. getattr(cls, ...) would also see
        # inherited values: a parent's plug-in name, or a parent's abstract flag.
        if getattr(cls, "abstract", False):
            return cls

        plugin_name = namespace.get("name", name.lower())
        if plugin_name in cls.registry:
            raise ValueError(f"duplicate plugin name {plugin_name!r}")
        cls.registry[plugin_name] = cls
        return cls

    # A method defined on the metaclass is a method of every class it makes
    # (but not of their instances): Exporter.create("csv").
    def create(cls, name, *args, **kwargs):
        """Instantiate the plug-in registered under `name` (KeyError if unknown)."""
        return cls.registry[name](*args, **kwargs)
