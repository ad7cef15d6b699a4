# wrong: stores the value under func.__name__ instead of the name given by __set_name__
class cached:
    def __init__(self, func):
        self.func = func
        self.computations = 0
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        pass

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if not hasattr(instance, "__dict__"):
            raise TypeError(f"cannot cache {self.func.__name__!r}")
        value = self.func(instance)
        self.computations += 1
        instance.__dict__[self.func.__name__] = value
        return value
