"""Lazy or eager: generator expressions vs list comprehensions."""
from collections.abc import Iterable, Iterator


def first_error(lines: Iterable[str]) -> str | None:
    """The first line starting with "ERROR", or None; reads nothing after it."""
    raise NotImplementedError


def all_within(values: Iterable[float], low: float, high: float) -> bool:
    """Whether low <= value <= high for every value; stops at the first value out of range."""
    raise NotImplementedError


def normalised(lines: Iterable[str]) -> Iterator[str]:
    """Lazily: the non-blank lines, stripped and lower-cased."""
    raise NotImplementedError


def word_lengths(words: Iterable[str]) -> Iterator[int]:
    """Lazily: len(word) for each word. A non-iterable `words` raises TypeError at the call."""
    raise NotImplementedError


def active_names(users: list[dict]) -> list[str]:
    """The names of the active users, in order: a list, unaffected by later changes to `users`."""
    raise NotImplementedError
