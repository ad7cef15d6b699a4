# wrong: logs the exception but forgets to return True, so nothing is actually suppressed
class SuppressAndLog:
    def __init__(self, *exc_types):
        for t in exc_types:
            if not (isinstance(t, type) and issubclass(t, BaseException)):
                raise TypeError(f"not an exception class: {t!r}")
        self.exc_types = exc_types
        self.log = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, self.exc_types):
            self.log.append((exc_type.__name__, str(exc)))
