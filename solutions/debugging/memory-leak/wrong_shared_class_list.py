# wrong: holds handlers weakly but keeps the class-level list, shared by every bus
"""A tiny event bus for a dashboard, and the charts that listen to it."""
import types
import weakref


class _Strong:
    """Same interface as a weak reference (call it to get the target), but strong."""

    __slots__ = ("target",)

    def __init__(self, target):
        self.target = target

    def __call__(self):
        return self.target


class EventBus:
    """Deliver published events to subscribed handlers."""

    # One "reference" per handler: calling it returns the handler, or
    # None once a weakly held handler's object has been freed.
    _refs = []

    @staticmethod
    def _reference(handler):
        if isinstance(handler, types.MethodType):  # bound method of a Python object
            return weakref.WeakMethod(handler)
        return _Strong(handler)

    def _live_handlers(self):
        """Return the live handlers, dropping the references that died."""
        live = []
        kept = []
        for ref in self._refs:
            handler = ref()
            if handler is not None:
                live.append(handler)
                kept.append(ref)
        self._refs[:] = kept
        return live

    def subscribe(self, handler):
        """Call handler(event) for every event published from now on."""
        self._live_handlers()  # prune, so that the list cannot grow without bound
        self._refs.append(self._reference(handler))

    def unsubscribe(self, handler):
        """Stop calling handler."""
        for i, ref in enumerate(self._refs):
            # Compare the handlers, not the references: a WeakMethod never
            # equals a bound method, and a new bound method object is made on
            # every `chart.on_event` access (they compare equal, not identical).
            if ref() == handler:
                del self._refs[i]
                return
        raise ValueError(f"{handler!r} is not subscribed")

    def publish(self, event):
        """Call every subscribed handler with event; return how many were called."""
        handlers = self._live_handlers()
        for handler in handlers:
            handler(event)
        return len(handlers)

    def handler_count(self):
        """How many handlers are subscribed."""
        return len(self._live_handlers())


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
        # @functools.lru_cache on a method keyed its one class-wide cache by
        # `self`: every chart that ever called stats() stayed in that cache,
        # with its points, for the life of the program. The memo now lives on
        # the instance and dies with it.
        if self._stats is None:
            points = self.points
            self._stats = (len(points), min(points), max(points)) if points else (0, None, None)
        return self._stats

    def close(self):
        """Detach from the bus."""
        self.bus.unsubscribe(self.on_event)
