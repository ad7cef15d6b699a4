# wrong: counts on the class cached itself, so every cached attribute of every class shares one count


class cached:
    """x"""
    computations = 0

    def __init__(self, func):
        self.func = func
        self.name = None
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        # The attribute name, which may differ from func.__name__ (total = cached(_compute)).
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            # Class access (Circle.area): hand back the descriptor for introspection.
            return self
        try:
            storage = instance.__dict__
        except AttributeError:
            raise TypeError(
                f"cannot cache {self.name!r}: {type(instance).__name__} instances have no __dict__"
            ) from None
        # No __set__ here, so this is a non-data descriptor: once the value sits in
        # the instance __dict__, lookup finds it there first and never calls us again.
        # If func raises, nothing is stored and the next access retries.
        value = self.func(instance)
        cached.computations += 1
        storage[self.name] = value
        return value
