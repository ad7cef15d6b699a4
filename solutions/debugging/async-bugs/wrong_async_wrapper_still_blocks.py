# wrong: wraps the blocking client in an async def and awaits that: the wrapper still calls time.sleep on the event loop's thread, so the loop still freezes
"""An async order service: three classic asyncio bugs, fixed.

1. `legacy_stock_check` blocks (time.sleep, a sync socket...). Called in a
   coroutine it freezes the whole event loop: nothing else runs until it
   returns, so concurrent orders run one after another. asyncio.to_thread
   runs it in a worker thread and the loop stays free.
2. `self.record(...)` without `await` only CREATES a coroutine object; it never
   runs (hence "coroutine ... was never awaited"). Await it.
3. `asyncio.create_task(...)` whose result is dropped: the loop keeps only a
   weak reference to a task, so it can be garbage-collected mid-flight, nothing
   ever waits for it, and its exception is lost. Keep every task and have
   drain() await them.
"""
import asyncio
import time


def legacy_stock_check(item):
    """A BLOCKING client with no async API (provided: do not change it)."""
    time.sleep(0.02)
    return item != "unobtainium"


class OrderService:
    def __init__(self):
        self.audit = []   # audit events, in order
        self.emails = []  # (to, text) of the emails sent
        self._pending = []  # email tasks not yet collected by drain(), in order

    async def record(self, event):
        """Write an audit event (provided: do not change it)."""
        await asyncio.sleep(0)
        self.audit.append(event)

    async def send_email(self, to, text):
        """Send an email (provided: do not change it); the mail server rejects 'bounce'."""
        await asyncio.sleep(0.005)
        if to == "bounce":
            raise ConnectionError(f"mailbox {to!r} rejected")
        self.emails.append((to, text))

    async def place_order(self, user, item):
        """Place an order: the order id 'user:item', or None when the item is out of stock."""
        async def check():
            return legacy_stock_check(item)

        in_stock = await check()
        if not in_stock:
            await self.record(("rejected", user, item))
            return None
        await self.record(("order", user, item))
        # Fire and forget, but never forget: the strong reference keeps the
        # task alive, and drain() collects its outcome.
        self._pending.append(asyncio.create_task(self.send_email(user, f"thanks for {item}")))
        return f"{user}:{item}"

    async def drain(self):
        """Wait for every email still being sent; return the exceptions of the failed sends."""
        failures = []
        while self._pending:  # orders placed while we wait add more tasks
            batch, self._pending = self._pending, []
            outcomes = await asyncio.gather(*batch, return_exceptions=True)
            failures.extend(o for o in outcomes if isinstance(o, BaseException))
        return failures
