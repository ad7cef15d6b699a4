# wrong: reports deaths through weakref.finalize with a weak registry reference it never checks, so an observer outliving its registry raises in the finalizer
"""An observer registry that does not keep its observers alive, and is told when they die (reference)."""
import inspect
import weakref


def _name_of(callback) -> str:
    """The callback's __qualname__, or its type's for a callable object without one."""
    name = getattr(callback, "__qualname__", None)
    return name if isinstance(name, str) else type(callback).__qualname__


class ObserverRegistry:
    """Holds callbacks through weak references whose callbacks report deaths at once."""

    def __init__(self, on_lapse=None):
        # A list (not a WeakSet) keeps subscription order. Each entry is a
        # weak reference: calling it returns the callback, or None once the
        # callback (or the object behind a bound method) has been freed.
        self._refs = []
        self._on_lapse = on_lapse

    def _make_ref(self, callback):
        # The death callback must not refer to the registry strongly: a
        # closure over `self` would make registry -> _refs -> weak reference
        # -> death callback -> registry, a cycle that only the collector can
        # free. It holds a weak reference to the registry instead (the trick
        # WeakValueDictionary and WeakMethod use themselves).
        registry_ref = weakref.ref(self)
        name = _name_of(callback)

        def lapsed(ref):
            registry = registry_ref()
            if registry is not None:
                registry._lapsed(ref, name)

        # `obj.method` builds a new bound-method object on every attribute
        # access; nothing else refers to it, so weakref.ref(obj.method) would
        # die immediately. WeakMethod weakly references obj and the function
        # separately, rebuilds the bound method on demand, and calls its
        # callback once, when either of them dies.
        def lapsed_later(holder):
            registry_ref()._lapsed(holder[0], name)

        holder = []
        if inspect.ismethod(callback):
            ref = weakref.WeakMethod(callback)
            weakref.finalize(callback.__self__, lapsed_later, holder)
        else:
            ref = weakref.ref(callback)
            weakref.finalize(callback, lapsed_later, holder)
        holder.append(ref)
        return ref

    def _lapsed(self, ref, name):
        for i, entry in enumerate(self._refs):
            if entry is ref:
                del self._refs[i]
                break
        else:
            return  # unsubscribed before it died: nothing to report
        if self._on_lapse is not None:
            self._on_lapse(name)

    def _live(self):
        """The live callbacks, in subscription order (strong references, for this call only)."""
        return [cb for cb in (ref() for ref in self._refs) if cb is not None]

    def subscribe(self, callback) -> None:
        if any(cb == callback for cb in self._live()):
            return
        self._refs.append(self._make_ref(callback))

    def unsubscribe(self, callback) -> None:
        # Dropping the reference also disarms its death callback: a weak
        # reference that is itself freed never calls back.
        self._refs = [ref for ref in self._refs if ref() != callback]

    def notify(self, *args, **kwargs) -> list:
        # _live() returns strong references for the duration of this loop
        # only, so an observer cannot vanish halfway through a notification.
        return [cb(*args, **kwargs) for cb in self._live()]

    def __len__(self) -> int:
        return len(self._live())
