# wrong: runs func in a copy of the context but on the caller's own thread, not a new one
"""Request-scoped state with contextvars: safe across asyncio tasks and threads (reference)."""
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
    """Runs func in a copy of the caller's context, but on the caller's own thread."""
    return contextvars.copy_context().run(func, *args, **kwargs)
