# wrong: logs every exception (also the ones it re-raises) and returns None instead of False when nothing happened
class SuppressAndLog:
    def __init__(self, *exc_types):
        self.exc_types = exc_types
        self.log = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            return None
        self.log.append((exc_type.__name__, str(exc)))
        return issubclass(exc_type, self.exc_types)
