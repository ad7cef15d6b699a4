"""An async order service with three classic asyncio bugs."""
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
        if not legacy_stock_check(item):
            self.record(("rejected", user, item))
            return None
        self.record(("order", user, item))
        asyncio.create_task(self.send_email(user, f"thanks for {item}"))
        return f"{user}:{item}"

    async def drain(self):
        """Wait for every email still being sent; return the exceptions of the failed sends."""
        return []
