# wrong: Slug.__new__ returns the joined str itself, so Slug(...) gives a plain str, not a Slug (nor a subclass)


class Slug(str):
    """The URL-friendly form of a text: Slug("  Hello, World!  ") == "hello-world"."""

    def __new__(cls, text):
        if not isinstance(text, str):
            raise TypeError(f"Slug() needs a str, not {type(text).__name__}")
        # Build the final characters *before* the object exists: once
        # str.__new__ has made it, its value can never change (an __init__
        # doing this work would be too late).
        words, word = [], []
        for char in text.lower():
            if char.isalnum():
                word.append(char)
            elif word:
                words.append("".join(word))
                word = []
        if word:
            words.append("".join(word))
        if not words:
            raise ValueError(f"{text!r} has no letters or digits")
        # super().__new__(cls, ...) and not str(...): the object must be an
        # instance of cls (a subclass of Slug included), not a plain str.
        return "-".join(words)


class Point(tuple):
    """An immutable 2-D point that is a tuple (x, y)."""

    # No per-instance __dict__: nothing can be added to a point.
    __slots__ = ()

    def __new__(cls, x, y):
        # tuple.__new__ takes one iterable; our signature takes two numbers.
        return super().__new__(cls, (x, y))

    # Read-only properties over the tuple items (no setter: assignment fails).
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
        # copy, deepcopy and pickle call cls.__new__(cls, *these): give them
        # the arguments *our* __new__ expects (tuple's would be (tuple(self),)).
        return (self[0], self[1])
