"""Suppress-and-log context manager: reference solution."""


class SuppressAndLog:
    """Suppress the given exception types and record each one in ``self.log``."""

    def __init__(self, *exc_types):
        for t in exc_types:
            if not (isinstance(t, type) and issubclass(t, BaseException)):
                raise TypeError(f"not an exception class: {t!r}")
        self.exc_types = exc_types
        self.log = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # issubclass (not ==) so that a LookupError handler also catches KeyError,
        # exactly like an `except LookupError:` clause would.
        if exc_type is not None and issubclass(exc_type, self.exc_types):
            self.log.append((exc_type.__name__, str(exc)))
            return True  # a true value tells Python the exception is handled
        return False
