"""Structural typing with typing.Protocol, and a generic container, at run time."""
from abc import abstractmethod
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


class SupportsClose:
    """TODO: a runtime-checkable Protocol with a single method close() -> None."""


class Shape:
    """TODO: a Protocol (not runtime-checkable) with an abstract area() and a default describe()."""

    def area(self) -> float:
        raise NotImplementedError

    def describe(self) -> str:
        """f"{type(self).__name__} with area {self.area():.2f}"."""
        raise NotImplementedError


def close_all(resources: Iterable[object]) -> int:
    """Close every resource that is a SupportsClose, in order; return how many were closed."""
    raise NotImplementedError


def total_area(shapes: Iterable[Shape]) -> float:
    """The sum of the shapes' areas (0.0 for none)."""
    raise NotImplementedError


class Stack:
    """TODO: Generic[T]. A LIFO stack: push, pop, peek, len, bool, iteration from the top down."""

    def push(self, item) -> None:
        raise NotImplementedError

    def pop(self):
        raise NotImplementedError

    def peek(self):
        raise NotImplementedError
