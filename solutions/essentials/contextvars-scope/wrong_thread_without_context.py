# wrong: runs func in a plain thread, which starts with an empty context, so the worker sees no request id
import asyncio
import contextlib
import contextvars
import threading

# One variable, many values: each asyncio task (and each context run with
# Context.run) sees its own. A global, or a threading.local, would be shared
# by every task running on the event loop's single thread.
request_id: contextvars.ContextVar = contextvars.ContextVar("request_id", default=None)


def log(message: str) -> str:
    """The message prefixed with the current request id: "[abc] message", "[-] message" outside."""
    rid = request_id.get()
    return f"[{rid if rid is not None else '-'}] {message}"


@contextlib.contextmanager
def request_scope(rid: str):
    """Set the request id for the block; restore the previous value afterwards, whatever happens."""
    token = request_id.set(rid)
    try:
        yield rid
    finally:
        # reset(token) restores exactly what was there before set(): the
        # outer scope's id when nested, "no value" (so the default) at top.
        request_id.reset(token)


async def handle(rid: str, steps: list[str]) -> list[str]:
    """Handle one request: log each step, yielding to the event loop between steps."""
    lines = []
    with request_scope(rid):
        for step in steps:
            await asyncio.sleep(0)   # let other requests run meanwhile
            lines.append(log(step))
    return lines


def run_in_thread(func, *args, **kwargs):
    """Run func in a new thread, inside a copy of the caller's context; return its result."""
    # A new thread starts with an empty context: the caller's request id
    # would be gone. Run the function inside a copy of the current context
    # (what asyncio.to_thread does); changes made there stay in the copy.
    context = contextvars.copy_context()
    outcome = {}

    def target():
        try:
            outcome["value"] = func(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
