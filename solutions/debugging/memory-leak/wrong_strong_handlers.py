# wrong: gives each bus its own list and memoises stats on the instance, but still stores bound methods strongly, so the bus keeps every chart that was never close()d alive
"""A tiny event bus for a dashboard, and the charts that listen to it."""


class EventBus:
    """Deliver published events to subscribed handlers."""

    def __init__(self):
        self._handlers = []   # one list per bus, no longer shared through the class

    def subscribe(self, handler):
        """Call handler(event) for every event published from now on."""
        self._handlers.append(handler)

    def unsubscribe(self, handler):
        """Stop calling handler."""
        self._handlers.remove(handler)

    def publish(self, event):
        """Call every subscribed handler with event; return how many were called."""
        for handler in list(self._handlers):
            handler(event)
        return len(self._handlers)

    def handler_count(self):
        """How many handlers are subscribed."""
        return len(self._handlers)


class Chart:
    """A chart over (possibly large) data that redraws on every event."""

    def __init__(self, bus, points):
        self.bus = bus
        self.points = points
        self.seen = []
        self._stats = None
        bus.subscribe(self.on_event)

    def on_event(self, event):
        self.seen.append(event)

    def stats(self):
        """(count, lowest, highest) of the points, worked out once per chart."""
        if self._stats is None:
            points = self.points
            self._stats = (len(points), min(points), max(points)) if points else (0, None, None)
        return self._stats

    def close(self):
        """Detach from the bus."""
        self.bus.unsubscribe(self.on_event)
