# wrong: caches under "_<name>" and uses None as "not computed yet", so None results are recomputed every time
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
        key = "_" + self.name
        if instance.__dict__.get(key) is None:
            instance.__dict__[key] = self.func(instance)
            self.computations += 1
        return instance.__dict__[key]
