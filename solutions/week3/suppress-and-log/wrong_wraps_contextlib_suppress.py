# wrong: hands the decision to contextlib.suppress (subclassed), which the statement forbids: the lesson (what __exit__'s return value does) is borrowed
import contextlib


class SuppressAndLog(contextlib.suppress):
    """Suppress the given exception types and record each one in ``self.log``."""

    def __init__(self, *exc_types):
        for t in exc_types:
            if not (isinstance(t, type) and issubclass(t, BaseException)):
                raise TypeError(f"not an exception class: {t!r}")
        super().__init__(*exc_types)
        self.log = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        suppressed = bool(super().__exit__(exc_type, exc, tb))
        if suppressed:
            self.log.append((exc_type.__name__, str(exc)))
        return suppressed
