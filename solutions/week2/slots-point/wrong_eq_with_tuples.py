# wrong: __eq__ never checks the class, so a Point equals a tuple (and a Point3D with z=0)
import math


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self) -> str:
        return f"{type(self).__name__}(x={self.x!r}, y={self.y!r})"

    def __eq__(self, other) -> bool:
        try:
            return (self.x, self.y) == (other.x, other.y)
        except AttributeError:
            return tuple(other) == (self.x, self.y)

    def distance_to(self, other) -> float:
        return math.dist((self.x, self.y), (other.x, other.y))


class Point3D(Point):
    __slots__ = ("z",)

    def __init__(self, x, y, z):
        super().__init__(x, y)
        self.z = z

    def __repr__(self) -> str:
        return f"{type(self).__name__}(x={self.x!r}, y={self.y!r}, z={self.z!r})"

    def distance_to(self, other) -> float:
        return math.dist((self.x, self.y, self.z), (other.x, other.y, other.z))
