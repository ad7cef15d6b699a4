# wrong: only setter() builds a copy; getter() and deleter() modify and return self
class Property:
    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self.fget, self.fset, self.fdel = fget, fset, fdel
        self.__doc__ = doc if doc is not None else getattr(fget, "__doc__", None)
        self._name = getattr(fget, "__name__", None)
    def __set_name__(self, owner, name):
        self._name = name
    def _missing(self, obj, what):
        return AttributeError(f"property {self._name!r} of {type(obj).__name__!r} object has no {what}")
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
    def getter(self, fget):
        self.fget = fget
        return self
    def setter(self, fset):
        return type(self)(self.fget, fset, self.fdel, self.__doc__)
    def deleter(self, fdel):
        self.fdel = fdel
        return self
