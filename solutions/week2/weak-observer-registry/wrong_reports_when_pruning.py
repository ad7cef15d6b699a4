# wrong: finds dead observers by looking (pruning dead references in notify/len), so a death is only reported the next time the registry is used
import inspect
import weakref


class ObserverRegistry:
    def __init__(self, on_lapse=None):
        self._entries = []   # (weak reference, name)
        self._on_lapse = on_lapse

    def _live(self):
        live, kept = [], []
        for ref, name in self._entries:
            cb = ref()
            if cb is None:
                if self._on_lapse is not None:
                    self._on_lapse(name)
            else:
                live.append(cb)
                kept.append((ref, name))
        self._entries = kept
        return live

    def subscribe(self, callback) -> None:
        if any(cb == callback for cb in self._live()):
            return
        name = getattr(callback, "__qualname__", None) or type(callback).__qualname__
        ref = weakref.WeakMethod(callback) if inspect.ismethod(callback) else weakref.ref(callback)
        self._entries.append((ref, name))

    def unsubscribe(self, callback) -> None:
        self._entries = [(r, n) for r, n in self._entries if r() is not None and r() != callback]

    def notify(self, *args, **kwargs) -> list:
        return [cb(*args, **kwargs) for cb in self._live()]

    def __len__(self) -> int:
        return len(self._live())
