# wrong: matches the exception type exactly (`in`), so subclasses such as KeyError for LookupError escape
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
        if exc_type in self.exc_types:
            self.log.append((exc_type.__name__, str(exc)))
            return True
        return False
