"""Suppress-and-log context manager (week 3, context managers)."""


class SuppressAndLog:
    """Suppress the given exception types and record each one in ``self.log``.

    ``log`` holds ``(type(exc).__name__, str(exc))`` tuples, oldest first.
    """

    def __init__(self, *exc_types):
        """Validate that every argument is an exception class; start an empty log."""
        raise NotImplementedError

    def __enter__(self):
        """Return the manager itself."""
        raise NotImplementedError

    def __exit__(self, exc_type, exc, tb):
        """Return True (and log) for a matching exception, False otherwise."""
        raise NotImplementedError
