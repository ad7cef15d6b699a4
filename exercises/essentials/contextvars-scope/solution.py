"""Request-scoped state with contextvars: safe across asyncio tasks and threads."""
import asyncio
import contextlib
import contextvars
import threading

# TODO: request_id, a contextvars.ContextVar named "request_id" with default None
request_id = None


def log(message: str) -> str:
    """The message prefixed with the current request id: "[abc] message", "[-] message" outside."""
    raise NotImplementedError


@contextlib.contextmanager
def request_scope(rid: str):
    """Set the request id for the block; restore the previous value afterwards, whatever happens."""
    raise NotImplementedError


async def handle(rid: str, steps: list[str]) -> list[str]:
    """Handle one request: log each step, yielding to the event loop between steps."""
    raise NotImplementedError


def run_in_thread(func, *args, **kwargs):
    """Run func in a new thread, inside a copy of the caller's context; return its result."""
    raise NotImplementedError
