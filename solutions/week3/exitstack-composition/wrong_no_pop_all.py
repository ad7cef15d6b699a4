# wrong: acquire_all returns stack.close without pop_all, so leaving the `with` already exited everything; on_close runs first
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
    values = []
    with contextlib.ExitStack() as stack:
        for cm in managers:
            values.append(stack.enter_context(cm))
        if on_close is not None:
            stack.callback(on_close, values)
        yield values


def acquire_all(managers):
    with contextlib.ExitStack() as stack:
        values = [stack.enter_context(cm) for cm in managers]
        return values, stack.close
