# wrong: the subclass does not declare __slots__, so Point3D instances get a __dict__ back
import math


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self) -> str:
        return f"{type(self).__name__}(x={self.x!r}, y={self.y!r})"

    def _coords(self) -> tuple:
        return (self.x, self.y)

    def __eq__(self, other) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._coords() == other._coords()

    def distance_to(self, other) -> float:
        return math.dist(self._coords(), other._coords())


class Point3D(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    def __repr__(self) -> str:
        return f"{type(self).__name__}(x={self.x!r}, y={self.y!r}, z={self.z!r})"

    def _coords(self) -> tuple:
        return (self.x, self.y, self.z)
