"""The built-in `property`, re-implemented as a pure-Python data descriptor."""


class Property:
    """property(fget=None, fset=None, fdel=None, doc=None), written by hand."""

    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        raise NotImplementedError

    def __set_name__(self, owner, name):
        raise NotImplementedError

    def __get__(self, obj, objtype=None):
        raise NotImplementedError

    def __set__(self, obj, value):
        raise NotImplementedError

    def __delete__(self, obj):
        raise NotImplementedError

    def getter(self, fget):
        """A new Property like this one, with fget replaced."""
        raise NotImplementedError

    def setter(self, fset):
        """A new Property like this one, with fset replaced."""
        raise NotImplementedError

    def deleter(self, fdel):
        """A new Property like this one, with fdel replaced."""
        raise NotImplementedError
