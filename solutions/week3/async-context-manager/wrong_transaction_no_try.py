# wrong: transaction() has no try around the yield, so an error neither rolls back nor is handled (and the async with still opens twice)
import asyncio
import contextlib


class Connection:
    def __init__(self, name, log):
        self.name = name
        self.log = log
        self.is_open = False
        self.sent = []

    async def __aenter__(self):
        await asyncio.sleep(0)
        self.is_open = True
        self.log.append(f"open {self.name}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0)
        self.is_open = False
        if exc_type is None:
            self.log.append(f"close {self.name}")
        else:
            self.log.append(f"abort {self.name}: {exc_type.__name__}")
        return False

    async def send(self, message):
        if not self.is_open:
            raise RuntimeError(f"connection {self.name} is closed")
        await asyncio.sleep(0)
        self.sent.append(message)


@contextlib.asynccontextmanager
async def transaction(conn):
    await conn.send("BEGIN")
    yield conn
    await conn.send("COMMIT")
