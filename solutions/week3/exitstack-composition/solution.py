"""Composing context managers with ExitStack: reference solution."""
import contextlib


class Tracked:
    """A small context manager to experiment with (the tests bring their own)."""

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
        if on_close is not None:
            # Registered first, so it runs last: after every manager has exited.
            # It receives the list object itself, which fills up as we enter.
            stack.callback(on_close, values)
        for cm in managers:
            # enter_context pushes the manager's __exit__ only once __enter__ succeeded;
            # if __enter__ raises, the stack unwinds what was already entered.
            values.append(stack.enter_context(cm))
        yield values
        # The stack passes the block's exception to every __exit__ in reverse order,
        # honours suppression, and chains exceptions raised by the exits themselves.


def acquire_all(managers):
    with contextlib.ExitStack() as stack:
        values = [stack.enter_context(cm) for cm in managers]
        # Everything is open: move the callbacks to a new stack, so that leaving this
        # `with` closes nothing. On an error above, the `with` unwinds the partial work.
        keep = stack.pop_all()
    return values, keep.close
