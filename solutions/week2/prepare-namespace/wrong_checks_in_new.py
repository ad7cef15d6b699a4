# wrong: checks in __new__, where the body's namespace is already a finished dict (a second binding has replaced the first), and so rejects overrides of base-class names instead
class NoRedefinition(type):
    def __new__(mcls, name, bases, namespace, **kwargs):
        for key in namespace:
            if key.startswith("__"):
                continue
            if any(key in vars(base) for base in bases):
                raise TypeError(f"{key!r} is defined twice in class {name!r}")
        return super().__new__(mcls, name, bases, namespace, **kwargs)


class _NumberingNamespace(dict):
    def __init__(self, start):
        super().__init__()
        self.start = start
        self.members = {}

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if key.isupper() and isinstance(value, int) and not isinstance(value, bool):
            self.members[key] = value

    def __missing__(self, key):
        if not key.isupper():
            raise KeyError(key)
        value = max(self.members.values()) + 1 if self.members else self.start
        self[key] = value
        return value


class AutoNumber(type):
    @classmethod
    def __prepare__(mcls, name, bases, *, start=1, **kwargs):
        return _NumberingNamespace(start)

    def __new__(mcls, name, bases, namespace, *, start=1, **kwargs):
        cls = super().__new__(mcls, name, bases, dict(namespace), **kwargs)
        cls._members = dict(namespace.members)
        return cls

    def __init__(cls, name, bases, namespace, *, start=1, **kwargs):
        super().__init__(name, bases, namespace, **kwargs)
