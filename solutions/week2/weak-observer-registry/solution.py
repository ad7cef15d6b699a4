"""An observer registry that does not keep its observers alive."""
import inspect
import weakref


class ObserverRegistry:
    """Holds callbacks through weak references."""

    def __init__(self):
        # A list (not a WeakSet) keeps subscription order. Each entry is a
        # weak reference: calling it returns the callback, or None once the
        # callback (or the object behind a bound method) has been freed.
        self._refs = []

    @staticmethod
    def _make_ref(callback):
        # `obj.method` builds a new bound-method object on every attribute
        # access; nothing else refers to it, so weakref.ref(obj.method) would
        # die immediately. WeakMethod weakly references obj and the function
        # separately and rebuilds the bound method on demand.
        if inspect.ismethod(callback):
            return weakref.WeakMethod(callback)
        return weakref.ref(callback)

    def _live(self):
        """Prune dead references; return the live callbacks in order."""
        live, refs = [], []
        for ref in self._refs:
            cb = ref()
            if cb is not None:
                live.append(cb)
                refs.append(ref)
        self._refs = refs
        return live

    def subscribe(self, callback) -> None:
        if any(cb == callback for cb in self._live()):
            return
        self._refs.append(self._make_ref(callback))

    def unsubscribe(self, callback) -> None:
        self._refs = [ref for ref in self._refs
                      if ref() is not None and ref() != callback]

    def notify(self, *args, **kwargs) -> list:
        # _live() returns strong references for the duration of this loop
        # only, so an observer cannot vanish halfway through a notification.
        return [cb(*args, **kwargs) for cb in self._live()]

    def __len__(self) -> int:
        return len(self._live())
