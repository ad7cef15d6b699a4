# wrong: sums the areas from the int 0, so no shapes gives 0 rather than 0.0
"""Structural typing with typing.Protocol, and a generic container, at run time (reference)."""
from abc import abstractmethod
from collections.abc import Iterable, Iterator
from typing import Generic, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


# runtime_checkable lets isinstance() test the *structure*: does the
# object's class provide `close`? Nothing about its bases, nor about the
# method's signature, is checked.
@runtime_checkable
class SupportsClose(Protocol):
    def close(self) -> None: ...


class Shape(Protocol):
    """Not runtime-checkable: isinstance(x, Shape) raises TypeError."""

    # For classes that inherit from Shape explicitly, the protocol is also an
    # ordinary base class: abstract methods are enforced, defaults inherited.
    @abstractmethod
    def area(self) -> float: ...

    def describe(self) -> str:
        return f"{type(self).__name__} with area {self.area():.2f}"


def close_all(resources: Iterable[object]) -> int:
    """Close every resource that is a SupportsClose, in order; return how many were closed."""
    closed = 0
    for resource in resources:
        if isinstance(resource, SupportsClose):
            resource.close()
            closed += 1
    return closed


def total_area(shapes: Iterable[Shape]) -> float:
    """The sum of the shapes' areas (0.0 for none)."""
    # Duck typing: no isinstance at all. A type checker verifies statically
    # that whatever is passed has an area() returning a float.
    return sum(shape.area() for shape in shapes)


class Stack(Generic[T]):
    """A LIFO stack: push, pop, peek, len, bool, iteration from the top down."""

    def __init__(self) -> None:
        self._items: list[T] = []

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> T:
        if not self._items:
            raise IndexError("pop from an empty stack")
        return self._items.pop()

    def peek(self) -> T:
        if not self._items:
            raise IndexError("peek at an empty stack")
        return self._items[-1]

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[T]:
        return reversed(self._items)
