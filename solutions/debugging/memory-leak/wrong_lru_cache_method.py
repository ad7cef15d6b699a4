# wrong: the bus is fixed but stats() keeps @functools.lru_cache on the method: its class-wide cache holds every chart that ever called it, with its points
"""A tiny event bus for a dashboard, and the charts that listen to it.

What leaked, and why:

1. `_handlers = []` was a *class* attribute. `self._handlers.append(...)`
   mutates that one shared list, so every bus delivered to every chart ever
   made, and the list only ever grew. Each bus now owns its list, made in
   __init__.
2. A bound method (`chart.on_event`) holds a strong reference to its object
   (`on_event.__self__ is chart`), so storing it kept every chart, and the
   data it points to, alive for as long as the bus lived. Bound methods are
   now held through weakref.WeakMethod. (A plain weakref.ref to a bound method
   does not work: the bound method is a temporary object, created on every
   attribute access, so it would die at once.)
3. Dead entries are pruned whenever the bus looks at its list, so the count
   of handlers, and the list itself, stay bounded.
4. `@functools.lru_cache` on `Chart.stats` kept one cache for the whole
   class, keyed by `self`: every chart that ever called stats() stayed alive
   in it. The memo is now an instance attribute (functools.cached_property
   would do as well).

Plain functions, lambdas and builtin methods such as `log.append` are still
held strongly: a caller who subscribes `lambda e: ...` keeps no other
reference to it and expects it to keep working until unsubscribed.
"""
import functools
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

    def __init__(self):
        # One "reference" per handler: calling it returns the handler, or
        # None once a weakly held handler's object has been freed.
        self._refs = []

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
        self._refs = kept
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

    @functools.lru_cache(maxsize=None)
    def stats(self):
        """(count, lowest, highest) of the points, worked out once per chart."""
        points = self.points
        if not points:
            return (0, None, None)
        return (len(points), min(points), max(points))

    def close(self):
        """Detach from the bus."""
        self.bus.unsubscribe(self.on_event)
