# wrong: word_lengths is a generator function, which runs nothing before the first next(): a non-iterable argument is only reported then
from collections.abc import Iterable, Iterator


def first_error(lines: Iterable[str]) -> str | None:
    """The first line starting with "ERROR", or None; reads nothing after it."""
    # next() pulls from the generator expression only until it yields once.
    # A list comprehension would read (and filter) every line first.
    return next((line for line in lines if line.startswith("ERROR")), None)


def all_within(values: Iterable[float], low: float, high: float) -> bool:
    """Whether low <= value <= high for every value; stops at the first value out of range."""
    # all() stops at the first False, and a generator expression computes
    # nothing beyond what all() asks for. all([...]) would test every value.
    return all(low <= value <= high for value in values)


def normalised(lines: Iterable[str]) -> Iterator[str]:
    """Lazily: the non-blank lines, stripped and lower-cased."""
    # Two chained generator expressions: nothing runs until next() is called.
    stripped = (line.strip() for line in lines)
    return (line.lower() for line in stripped if line)


def word_lengths(words: Iterable[str]) -> Iterator[int]:
    """Lazily: len(word) for each word. A non-iterable `words` raises TypeError at the call."""
    # The outermost iterable of a generator expression is evaluated (iter()
    # is called on it) when the expression is created: a bad argument fails
    # here, at the call, while the lengths themselves are computed lazily.
    # A generator function would not run iter(words) before its first next().
    for word in words:
        yield len(word)


def active_names(users: list[dict]) -> list[str]:
    """The names of the active users, in order: a list, unaffected by later changes to `users`."""
    # Eager on purpose: the caller needs a snapshot it can iterate again and
    # again. A generator expression would be used up after one loop, and
    # would read `users` only when consumed, seeing users appended meanwhile.
    return [user["name"] for user in users if user["active"]]
