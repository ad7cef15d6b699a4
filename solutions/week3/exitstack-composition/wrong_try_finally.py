# wrong: exits in reverse with try/finally but calls every __exit__ with (None, None, None): no exception info, no suppression
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
    entered = []
    values = []
    try:
        for cm in managers:
            values.append(cm.__enter__())
            entered.append(cm)
        yield values
    finally:
        for cm in reversed(entered):
            cm.__exit__(None, None, None)
        if on_close is not None:
            on_close(values)


def acquire_all(managers):
    entered = []
    values = []
    try:
        for cm in managers:
            values.append(cm.__enter__())
            entered.append(cm)
    except BaseException:
        for cm in reversed(entered):
            cm.__exit__(None, None, None)
        raise

    def close():
        for cm in reversed(entered):
            cm.__exit__(None, None, None)

    return values, close
