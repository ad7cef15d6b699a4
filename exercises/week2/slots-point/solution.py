"""A memory-lean point class using __slots__."""


class Point:
    """A 2-D point whose instances have no __dict__."""

    # TODO: declare the slots

    def __init__(self, x, y):
        raise NotImplementedError

    def __repr__(self) -> str:
        """Return e.g. 'Point(x=1, y=2)'."""
        raise NotImplementedError

    def __eq__(self, other) -> bool:
        """Equal when `other` has the same class and the same coordinates."""
        raise NotImplementedError

    def distance_to(self, other) -> float:
        """Euclidean distance to another point of the same class."""
        raise NotImplementedError


class Point3D(Point):
    """A 3-D point; it must not get a __dict__ back either."""

    # TODO: declare the one new slot

    def __init__(self, x, y, z):
        raise NotImplementedError

    def __repr__(self) -> str:
        """Return e.g. 'Point3D(x=1, y=2, z=3)'."""
        raise NotImplementedError

    def __eq__(self, other) -> bool:
        raise NotImplementedError

    def distance_to(self, other) -> float:
        raise NotImplementedError
