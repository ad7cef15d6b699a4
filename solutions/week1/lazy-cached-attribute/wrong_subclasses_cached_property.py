# wrong: subclasses functools.cached_property, the very thing the exercise asks to re-build
from functools import cached_property
class cached(cached_property):
    def __init__(self, func):
        self.computations = 0
        def counted(inst):
            v = func(inst)
            self.computations += 1
            return v
        super().__init__(counted)
        self.__doc__ = func.__doc__
