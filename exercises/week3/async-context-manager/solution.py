"""An async context manager (week 3, context managers)."""
import asyncio
import contextlib


class Connection:
    """A fake network connection used with ``async with``."""

    def __init__(self, name, log):
        """Store name and log; a new connection is closed and has sent nothing."""
        raise NotImplementedError

    async def __aenter__(self):
        """Connect (await asyncio.sleep(0)), log "open <name>", return self."""
        raise NotImplementedError

    async def __aexit__(self, exc_type, exc, tb):
        """Disconnect, log "close <name>" or "abort <name>: <Type>", never suppress."""
        raise NotImplementedError

    async def send(self, message):
        """Record ``message`` in ``self.sent``; RuntimeError if the connection is closed."""
        raise NotImplementedError


@contextlib.asynccontextmanager
async def transaction(conn):
    """Send BEGIN, yield conn, then COMMIT, or ROLLBACK (and re-raise) on an exception."""
    raise NotImplementedError
    yield  # keeps this function an async generator
