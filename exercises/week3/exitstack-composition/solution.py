"""Composing context managers with ExitStack (week 3, context managers)."""
import contextlib


class Tracked:
    """A small context manager to experiment with (the tests bring their own).

    >>> log = []
    >>> with Tracked("a", log) as name:
    ...     log.append("body")
    >>> log
    ['enter a', 'body', 'exit a']
    """

    def __init__(self, name, log, fail_on_enter=False):
        self.name, self.log, self.fail_on_enter = name, log, fail_on_enter

    def __enter__(self):
        if self.fail_on_enter:
            raise OSError(f"cannot open {self.name}")
        self.log.append(f"enter {self.name}")
        return self.name

    def __exit__(self, exc_type, exc, tb):
        self.log.append(f"exit {self.name}")
        return False


def open_all(managers, on_close=None):
    """Context manager: enter every manager in order, bind the list of their values,
    exit them in reverse order; call ``on_close(values)`` after the last exit."""
    raise NotImplementedError


def acquire_all(managers):
    """Enter every manager; return ``(values, close)`` with all of them still open.

    If one fails to enter, exit the ones already entered and re-raise.
    """
    raise NotImplementedError
