# wrong: __eq__ compares the as_dict() of any two records, so records of two different classes with the same fields are equal
import keyword


def _check_identifier(text, what):
    if not isinstance(text, str) or not text.isidentifier() or keyword.iskeyword(text):
        raise ValueError(f"{what} must be an identifier, not {text!r}")


def make_record(name, fields, *, base=object, defaults=None, methods=None):
    """Return a new class `name` (a subclass of `base`) whose instances hold `fields`."""
    _check_identifier(name, "the class name")
    fields = tuple(fields)
    for field in fields:
        _check_identifier(field, "a field name")
        if field.startswith("_"):
            raise ValueError(f"field names may not start with '_': {field!r}")
    if len(set(fields)) != len(fields):
        raise ValueError(f"repeated field name in {fields!r}")
    defaults = dict(defaults or {})
    unknown = set(defaults) - set(fields)
    if unknown:
        raise ValueError(f"defaults for unknown fields: {', '.join(sorted(unknown))}")

    # The methods are ordinary functions: closures over `fields` and
    # `defaults`. Placed in the namespace, they become methods of the class.
    def __init__(self, *values, **kwargs):
        if len(values) > len(fields):
            raise TypeError(f"{name}() takes {len(fields)} values, {len(values)} given")
        given = dict(zip(fields, values))
        for key, value in kwargs.items():
            if key not in fields:
                raise TypeError(f"{name}() got an unknown field {key!r}")
            if key in given:
                raise TypeError(f"{name}() got two values for field {key!r}")
            given[key] = value
        for field in fields:
            if field in given:
                value = given[field]
            elif field in defaults:
                value = defaults[field]
            else:
                raise TypeError(f"missing value for field {field!r}")
            setattr(self, field, value)

    def __repr__(self):
        inside = ", ".join(f"{f}={getattr(self, f)!r}" for f in fields)
        return f"{type(self).__name__}({inside})"

    def __eq__(self, other):
        if not hasattr(other, "as_dict"):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    def as_dict(self):
        return {f: getattr(self, f) for f in fields}

    namespace = {
        "__slots__": fields,          # one slot descriptor per field, no __dict__
        "_fields": fields,
        "__init__": __init__,
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": None,             # mutable records: unhashable, like a class with __eq__
        "as_dict": as_dict,
        "__qualname__": name,
    }
    namespace.update(methods or {})
    # type(base) is base's metaclass (type for plain classes, ABCMeta for an
    # ABC, ...): calling it with three arguments is exactly what a class
    # statement does, __init_subclass__ and abstract-method bookkeeping
    # included. (Plain `type(name, bases, namespace)` would find the most
    # derived metaclass by itself too.)
    metaclass = type(base)
    return metaclass(name, (base,), namespace)
