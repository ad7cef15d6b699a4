# wrong: adds __set__, which makes it a data descriptor: it runs on every access and `del obj.attr` fails
class cached:
    def __init__(self, func):
        self.func = func
        self.name = None
        self.computations = 0
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if not hasattr(instance, "__dict__"):
            raise TypeError(f"cannot cache {self.name!r}")
        if self.name not in instance.__dict__:
            instance.__dict__[self.name] = self.func(instance)
            self.computations += 1
        return instance.__dict__[self.name]

    def __set__(self, instance, value):
        instance.__dict__[self.name] = value
