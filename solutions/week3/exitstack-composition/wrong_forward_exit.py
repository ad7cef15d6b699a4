# wrong: enters and exits by hand in the same (forward) order, and never unwinds after a failed __enter__
import contextlib


class Tracked:
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


@contextlib.contextmanager
def open_all(managers, on_close=None):
    managers = list(managers)
    values = [cm.__enter__() for cm in managers]
    try:
        yield values
    finally:
        for cm in managers:
            cm.__exit__(None, None, None)
        if on_close is not None:
            on_close(values)


def acquire_all(managers):
    managers = list(managers)
    values = [cm.__enter__() for cm in managers]

    def close():
        for cm in managers:
            cm.__exit__(None, None, None)

    return values, close
