# wrong: removes the conflict by dropping Serializer from JsonModel's bases, so models are no longer Serializers and nothing is abstract-checked
"""Models that register themselves and serialise through an abstract interface.

The conflict: JsonModel's bases have the metaclasses RegistryMeta and
ABCMeta, and neither derives from the other, so Python cannot choose one.
The fix is a metaclass deriving from both. For the combination to work each
metaclass must cooperate: RegistryMeta used to call type.__new__ directly,
which skipped ABCMeta.__new__ (the step that computes __abstractmethods__),
so abstract methods were silently no longer enforced.
"""
import json
from abc import ABC, ABCMeta, abstractmethod


class RegistryMeta(type):
    """Registers every class it creates, except the root, by class name."""

    registry = {}

    def __new__(mcls, name, bases, namespace, **kwargs):
        # super(), not type: in RegistryABCMeta the next class in the MRO is
        # ABCMeta, whose __new__ must run too.
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        if bases:
            RegistryMeta.registry[name] = cls
        return cls


class RegistryABCMeta(RegistryMeta, ABCMeta):
    """Both behaviours: MRO = RegistryABCMeta, RegistryMeta, ABCMeta, type."""


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


# RegistryABCMeta is a subclass of both bases' metaclasses: no conflict.
class JsonModel(Model):
    """A model serialised as JSON."""

    def dumps(self) -> str:
        return json.dumps(self.fields, sort_keys=True)

    @classmethod
    def loads(cls, text):
        return cls(**json.loads(text))


class User(JsonModel):
    pass
