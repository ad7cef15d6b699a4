# wrong: lists ABCMeta first in the combined metaclass so that it happens to work, but RegistryMeta still calls type.__new__ and breaks any other combination
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


class RegistryABCMeta(ABCMeta, RegistryMeta):
    pass


class JsonModel(Model, Serializer, metaclass=RegistryABCMeta):
    """A model serialised as JSON."""

    def dumps(self) -> str:
        return json.dumps(self.fields, sort_keys=True)

    @classmethod
    def loads(cls, text):
        return cls(**json.loads(text))


class User(JsonModel):
    pass
