# wrong: normalises the text in __init__, too late: str.__new__ has already fixed the value to the raw text
class Slug(str):
    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError("Slug() needs a str")
        cleaned = "".join(c if c.isalnum() else " " for c in text.lower()).split()
        if not cleaned:
            raise ValueError("no letters or digits")
        self.slug = "-".join(cleaned)   # the str value itself cannot change any more


class Point(tuple):
    __slots__ = ()

    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    @property
    def x(self):
        return self[0]

    @property
    def y(self):
        return self[1]

    def __repr__(self):
        return f"{type(self).__name__}(x={self[0]!r}, y={self[1]!r})"

    def __add__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return type(self)(self[0] + other[0], self[1] + other[1])

    def __getnewargs__(self):
        return (self[0], self[1])
