# wrong: delegates every operation to a built-in property kept inside, instead of implementing the descriptor protocol
class Property:
    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self._inner = property(fget, fset, fdel, doc)
        self.fget, self.fset, self.fdel = fget, fset, fdel
        self.__doc__ = self._inner.__doc__

    def __set_name__(self, owner, name):
        self._inner.__set_name__(owner, name)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return self._inner.__get__(obj, objtype)

    def __set__(self, obj, value):
        self._inner.__set__(obj, value)

    def __delete__(self, obj):
        self._inner.__delete__(obj)

    def getter(self, fget):
        return type(self)(fget, self.fset, self.fdel, self.__doc__)

    def setter(self, fset):
        return type(self)(self.fget, fset, self.fdel, self.__doc__)

    def deleter(self, fdel):
        return type(self)(self.fget, self.fset, fdel, self.__doc__)
