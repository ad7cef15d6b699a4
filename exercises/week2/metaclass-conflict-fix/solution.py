"""Models that register themselves and serialise through an abstract interface.

BUG REPORT: importing this module fails with

    TypeError: metaclass conflict: the metaclass of a derived class must be
    a (non-strict) subclass of the metaclasses of all its bases

Fix it. Requirements (see README.md): keep the registry AND the abstract
interface working, through a combined metaclass named `RegistryABCMeta`.
"""
import json
from abc import ABC, ABCMeta, abstractmethod


class RegistryMeta(type):
    """Registers every class it creates, except the root, by class name."""

    registry = {}

    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = type.__new__(mcls, name, bases, namespace, **kwargs)
        if bases:
            RegistryMeta.registry[name] = cls
        return cls


class Model(metaclass=RegistryMeta):
    """A record of named fields."""

    def __init__(self, **fields):
        self.fields = fields


class Serializer(ABC):
    """Anything that can be turned into text and back."""

    @abstractmethod
    def dumps(self) -> str:
        ...

    @classmethod
    @abstractmethod
    def loads(cls, text):
        ...


class JsonModel(Model, Serializer):
    """A model serialised as JSON."""

    def dumps(self) -> str:
        return json.dumps(self.fields, sort_keys=True)

    @classmethod
    def loads(cls, text):
        return cls(**json.loads(text))


class User(JsonModel):
    pass
