"""A record-class factory built on three-argument type()."""
import keyword


def make_record(name, fields, *, base=object, defaults=None, methods=None):
    """Return a new class `name` (a subclass of `base`) whose instances hold `fields`.

    No `class` statement: build the namespace dict and call type(name, bases, namespace)
    (through base's metaclass). See README.md for the behaviour of the class.
    """
    raise NotImplementedError
