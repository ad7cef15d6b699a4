# wrong: caches the value on the descriptor, which is shared by every instance of the class
class cached:
    _missing = object()

    def __init__(self, func):
        self.func = func
        self.name = None
        self.computations = 0
        self.__doc__ = func.__doc__
        self.value = self._missing

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if not hasattr(instance, "__dict__"):
            raise TypeError(f"cannot cache {self.name!r}")
        if self.value is self._missing:
            self.value = self.func(instance)
            self.computations += 1
        return self.value
