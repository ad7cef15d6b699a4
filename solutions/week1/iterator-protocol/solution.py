"""A re-iterable container and its one-shot iterator, written by hand (reference)."""


class Countdown:
    """Re-iterable container: iterating gives start, start - 1, ..., 1 every time."""

    def __init__(self, start: int) -> None:
        self.start = start

    def __iter__(self) -> "CountdownIterator":
        # A fresh cursor per call: this is what makes the container re-iterable
        # and lets two loops over it run independently (e.g. nested loops).
        return CountdownIterator(self.start)


class CountdownIterator:
    """One-shot iterator: gives start, start - 1, ..., 1 once, then StopIteration forever."""

    def __init__(self, start: int) -> None:
        self._current = start

    def __iter__(self) -> "CountdownIterator":
        # Returning self (without resetting anything) lets an iterator be used
        # in a for loop while keeping it one-shot.
        return self

    def __next__(self) -> int:
        if self._current <= 0:
            # _current stays <= 0, so every later call lands here again:
            # exhaustion is permanent.
            raise StopIteration
        value = self._current
        self._current -= 1
        return value
