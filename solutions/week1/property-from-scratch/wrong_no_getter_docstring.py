# wrong: __doc__ is only the doc argument, so a property decorated with @Property has no docstring


class Property:
    """property(fget=None, fset=None, fdel=None, doc=None), written by hand."""

    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        # An instance attribute __doc__ shadows the class docstring for this
        # property object: help() and Class.attr.__doc__ read it.
        self.__doc__ = doc
        self._name = getattr(fget, "__name__", None)

    def __set_name__(self, owner, name):
        self._name = name

    def _missing(self, obj, what):
        return AttributeError(
            f"property {self._name!r} of {type(obj).__name__!r} object has no {what}")

    # Defining __set__ and __delete__ (even when they only raise) is what makes
    # this a data descriptor: it takes precedence over the instance __dict__.
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        if self.fget is None:
            raise self._missing(obj, "getter")
        return self.fget(obj)

    def __set__(self, obj, value):
        if self.fset is None:
            raise self._missing(obj, "setter")
        self.fset(obj, value)

    def __delete__(self, obj):
        if self.fdel is None:
            raise self._missing(obj, "deleter")
        self.fdel(obj)

    # The decorators build a *copy*: `@x.setter` in a subclass must not add a
    # setter to the base class's property. type(self) keeps subclasses of
    # Property working; the name travels along (__set_name__ runs again when
    # the copy lands in a class body under a name).
    def _copy(self, **changes):
        kwargs = {"fget": self.fget, "fset": self.fset, "fdel": self.fdel, "doc": self.__doc__}
        if "fget" in changes and self.__doc__ is getattr(self.fget, "__doc__", None):
            kwargs["doc"] = None   # the docstring followed the old getter: let it follow the new one
        kwargs.update(changes)
        new = type(self)(**kwargs)
        new._name = self._name
        return new

    def getter(self, fget):
        """A new Property like this one, with fget replaced."""
        return self._copy(fget=fget)

    def setter(self, fset):
        """A new Property like this one, with fset replaced."""
        return self._copy(fset=fset)

    def deleter(self, fdel):
        """A new Property like this one, with fdel replaced."""
        return self._copy(fdel=fdel)
