# wrong: transaction rolls back only on Exception: a cancellation (CancelledError is a BaseException) inside the block sends neither ROLLBACK nor COMMIT
"""An async context manager: reference solution."""
import asyncio
import contextlib


class Connection:
    """A fake network connection used with ``async with``."""

    def __init__(self, name, log):
        self.name = name
        self.log = log
        self.is_open = False
        self.sent = []

    async def __aenter__(self):
        if self.is_open:
            raise RuntimeError(f"connection {self.name} is already open")
        await asyncio.sleep(0)  # the simulated connect: other tasks may run meanwhile
        self.is_open = True
        self.log.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0)  # the simulated goodbye
        self.is_open = False
        if exc_type is None:
            self.log.append(f"close {self.name}")
        else:
            self.log.append(f"abort {self.name}: {exc_type.__name__}")
        return False  # never swallow the exception

    async def send(self, message):
        if not self.is_open:
            raise RuntimeError(f"connection {self.name} is closed")
        await asyncio.sleep(0)
        self.sent.append(message)


@contextlib.asynccontextmanager
async def transaction(conn):
    await conn.send("BEGIN")
    try:
        yield conn
    except Exception:
        await conn.send("ROLLBACK")
        raise
    else:
        await conn.send("COMMIT")
