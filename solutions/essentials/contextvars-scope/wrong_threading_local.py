# wrong: keeps the id in a threading.local: under asyncio every request runs on the same thread, so concurrent requests overwrite each other's id
import asyncio
import contextlib
import contextvars
import threading

request_id = contextvars.ContextVar("request_id", default=None)   # declared, but not used
_state = threading.local()


def _current():
    return getattr(_state, "rid", None)


def log(message):
    rid = _current()
    return f"[{rid if rid is not None else '-'}] {message}"


@contextlib.contextmanager
def request_scope(rid):
    previous = _current()
    _state.rid = rid
    try:
        yield rid
    finally:
        _state.rid = previous


async def handle(rid, steps):
    lines = []
    with request_scope(rid):
        for step in steps:
            await asyncio.sleep(0)
            lines.append(log(step))
    return lines


def run_in_thread(func, *args, **kwargs):
    rid = _current()
    outcome = {}

    def target():
        _state.rid = rid
        try:
            outcome["value"] = func(*args, **kwargs)
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
