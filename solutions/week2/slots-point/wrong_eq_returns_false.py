# wrong: __eq__ answers False for another class instead of returning NotImplemented
"""A memory-lean point class using __slots__."""
import math


class Point:
    """A 2-D point whose instances have no __dict__."""

    # The instance layout is now fixed: two pointer-sized slots instead of
    # a dictionary. Assigning any other attribute raises AttributeError.
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self) -> str:
        return f"{type(self).__name__}(x={self.x!r}, y={self.y!r})"

    def _coords(self) -> tuple:
        return (self.x, self.y)

    def __eq__(self, other) -> bool:
        # Another class (a tuple, a Point3D) is "not my business": returning
        # NotImplemented lets Python try the reflected comparison, then fall
        # back to identity, which is False.
        if type(other) is not type(self):
            return False
        return self._coords() == other._coords()

    # Defining __eq__ sets __hash__ to None: mutable points are unhashable,
    # which is what we want.

    def distance_to(self, other) -> float:
        return math.dist(self._coords(), other._coords())


class Point3D(Point):
    """A 3-D point; it must not get a __dict__ back either."""

    # Only the new name: "x" and "y" are inherited slots already. Without
    # this line every Point3D would carry a __dict__ again.
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    def __repr__(self) -> str:
        return f"{type(self).__name__}(x={self.x!r}, y={self.y!r}, z={self.z!r})"

    def _coords(self) -> tuple:
        return (self.x, self.y, self.z)

    # __eq__ and distance_to are inherited: they work through _coords().
