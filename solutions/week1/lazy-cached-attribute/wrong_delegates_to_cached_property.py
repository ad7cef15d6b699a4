# wrong: delegates the work to a functools.cached_property kept inside the descriptor
import functools
class cached:
    def __init__(self, func):
        self._cp = functools.cached_property(func)
        self.computations = 0
        self.__doc__ = func.__doc__
    def __set_name__(self, owner, name):
        self._cp.__set_name__(owner, name)
        self.name = name
    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = self._cp.__get__(instance, owner)
        self.computations += 1
        return value
