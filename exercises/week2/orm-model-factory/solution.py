"""A miniature ORM: Field descriptors collected by a metaclass."""
import inspect

MISSING = object()   # sentinel: "no default given"


class Field:
    """A validating data descriptor. Subclasses set `sql_type`."""

    sql_type = None

    def __init__(self, *, default=MISSING, nullable=False, primary_key=False):
        raise NotImplementedError

    def __set_name__(self, owner, name):
        raise NotImplementedError

    def __get__(self, obj, objtype=None):
        raise NotImplementedError

    def __set__(self, obj, value):
        raise NotImplementedError

    def validate(self, value):
        """Raise TypeError (or ValueError) if `value` is not acceptable."""
        raise NotImplementedError


class IntegerField(Field):
    sql_type = "INTEGER"


class FloatField(Field):
    sql_type = "REAL"


class TextField(Field):
    sql_type = "TEXT"

    def __init__(self, *, max_length=None, **kwargs):
        raise NotImplementedError


class ModelMeta(type):
    """Collect fields into `_fields`, set `__tablename__`, generate `__init__`."""

    def __new__(mcls, name, bases, namespace, **kwargs):
        raise NotImplementedError


class Model(metaclass=ModelMeta):
    """Base class of all models (it has no fields)."""

    def to_dict(self) -> dict:
        raise NotImplementedError

    def __repr__(self) -> str:
        raise NotImplementedError

    def __eq__(self, other):
        raise NotImplementedError

    @classmethod
    def create_table_sql(cls) -> str:
        raise NotImplementedError
