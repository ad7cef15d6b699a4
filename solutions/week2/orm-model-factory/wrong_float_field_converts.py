# wrong: FloatField converts an int to float instead of storing the value as given
"""A miniature ORM: Field descriptors collected by a metaclass."""
import inspect

MISSING = object()   # sentinel: "no default given" (None is a real default)


class Field:
    """A validating data descriptor. Subclasses set `sql_type`."""

    sql_type = None
    type_name = "object"          # used in error messages

    def __init__(self, *, default=MISSING, nullable=False, primary_key=False):
        self.default = default
        self.nullable = nullable
        self.primary_key = primary_key
        self.name = None          # filled in by __set_name__

    def __set_name__(self, owner, name):
        # Called by type.__new__ for every descriptor in the class body.
        self.name = name

    # A data descriptor (it defines __set__) wins over the instance __dict__,
    # so every read and write goes through it. The value itself lives in the
    # instance's __dict__ under the same name: storing it on `self` would
    # share one value between all instances of the model.
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        try:
            return obj.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None

    def __set__(self, obj, value):
        self.validate(value)
        obj.__dict__[self.name] = value

    def validate(self, value):
        if value is None:
            if not self.nullable:
                raise TypeError(f"{self.name} may not be None")
            return
        if not self.accepts(value):
            raise TypeError(
                f"{self.name} expects {self.type_name}, got {type(value).__name__}")

    def accepts(self, value) -> bool:
        return True

    @property
    def optional(self) -> bool:
        return self.default is not MISSING or self.nullable

    @property
    def init_default(self):
        return None if self.default is MISSING else self.default

    def column_sql(self) -> str:
        sql = f"{self.name} {self.sql_type}"
        if self.primary_key:
            return sql + " PRIMARY KEY"
        return sql if self.nullable else sql + " NOT NULL"


class IntegerField(Field):
    sql_type = "INTEGER"
    type_name = "int"

    def accepts(self, value):
        # bool is a subclass of int: isinstance(True, int) is True.
        return isinstance(value, int) and not isinstance(value, bool)


class FloatField(Field):
    sql_type = "REAL"
    type_name = "float"

    def __set__(self, obj, value):
        self.validate(value)
        obj.__dict__[self.name] = None if value is None else float(value)

    def accepts(self, value):
        return isinstance(value, (int, float)) and not isinstance(value, bool)


class TextField(Field):
    sql_type = "TEXT"
    type_name = "str"

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def accepts(self, value):
        return isinstance(value, str)

    def validate(self, value):
        super().validate(value)
        if value is not None and self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"{self.name} is longer than {self.max_length} characters")


def _make_init(fields):
    """Build the keyword-only __init__ for a model with these fields."""

    def __init__(self, **kwargs):
        unknown = kwargs.keys() - fields.keys()
        if unknown:
            raise TypeError(f"unexpected field(s): {', '.join(sorted(unknown))}")
        for name, field in fields.items():
            if name in kwargs:
                value = kwargs[name]
            elif field.optional:
                value = field.init_default
            else:
                raise TypeError(f"missing required field {name!r}")
            setattr(self, name, value)   # goes through Field.__set__: validated

    # What inspect.signature() and help() report: the real parameters.
    __init__.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                             default=f.init_default if f.optional else inspect.Parameter.empty)
           for name, f in fields.items()])
    return __init__


class ModelMeta(type):
    """Collect fields into `_fields`, set `__tablename__`, generate `__init__`."""

    def __new__(mcls, name, bases, namespace, **kwargs):
        fields = {}
        # Inherited fields first (most basic class first), then our own.
        for base in reversed(bases):
            fields.update(getattr(base, "_fields", {}))
        # The class-body namespace is ordered: definition order is preserved.
        fields.update((k, v) for k, v in namespace.items() if isinstance(v, Field))

        namespace = dict(namespace)
        namespace["_fields"] = fields
        namespace.setdefault("__tablename__", name.lower())
        if "__init__" not in namespace:
            namespace["__init__"] = _make_init(fields)
        return super().__new__(mcls, name, bases, namespace, **kwargs)


class Model(metaclass=ModelMeta):
    """Base class of all models (it has no fields)."""

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self._fields}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None   # mutable records are not hashable

    @classmethod
    def create_table_sql(cls) -> str:
        columns = ", ".join(f.column_sql() for f in cls._fields.values())
        return f"CREATE TABLE {cls.__tablename__} ({columns})"
