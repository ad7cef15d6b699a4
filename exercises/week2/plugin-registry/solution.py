"""Automatic plug-in registration with a metaclass."""


class PluginMeta(type):
    """Register every non-abstract class of a family in its root's `registry`.

    - a root class (no base uses PluginMeta) gets `registry = {}` and is not registered;
    - other classes register under the `name` from their own body, else the lower-cased class name;
    - `abstract = True` in a class's own body skips registration;
    - a duplicate name raises ValueError("duplicate plugin name '<name>'").
    """

    def __new__(mcls, name, bases, namespace, **kwargs):
        raise NotImplementedError

    def create(cls, name, *args, **kwargs):
        """Instantiate the plug-in registered under `name` (KeyError if unknown)."""
        raise NotImplementedError
