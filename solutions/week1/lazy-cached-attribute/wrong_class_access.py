# wrong: does not handle class access (instance is None), so Circle.area calls the function with None
class cached:
    def __init__(self, func):
        self.func = func
        self.name = None
        self.computations = 0
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if not hasattr(instance, "__dict__"):
            raise TypeError(f"cannot cache {self.name!r}")
        value = self.func(instance)
        self.computations += 1
        instance.__dict__[self.name] = value
        return value
