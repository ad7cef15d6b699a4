"""A re-iterable container and its one-shot iterator, written by hand."""


class Countdown:
    """Re-iterable container: iterating gives start, start - 1, ..., 1 every time."""

    def __init__(self, start: int) -> None:
        raise NotImplementedError

    def __iter__(self) -> "CountdownIterator":
        """Return a NEW iterator over the countdown."""
        raise NotImplementedError


class CountdownIterator:
    """One-shot iterator: gives start, start - 1, ..., 1 once, then StopIteration forever."""

    def __init__(self, start: int) -> None:
        raise NotImplementedError

    def __iter__(self) -> "CountdownIterator":
        """An iterator is its own iterator."""
        raise NotImplementedError

    def __next__(self) -> int:
        """Return the next number or raise StopIteration."""
        raise NotImplementedError
