# wrong: uses weakref.ref for bound methods too, so a subscribed bound method dies immediately
import weakref


class ObserverRegistry:
    def __init__(self, on_lapse=None):
        self._refs = []

    def _live(self):
        self._refs = [r for r in self._refs if r() is not None]
        return [r() for r in self._refs]

    def subscribe(self, callback) -> None:
        if any(cb == callback for cb in self._live()):
            return
        self._refs.append(weakref.ref(callback))

    def unsubscribe(self, callback) -> None:
        self._refs = [r for r in self._refs if r() is not None and r() != callback]

    def notify(self, *args, **kwargs) -> list:
        return [cb(*args, **kwargs) for cb in self._live()]

    def __len__(self) -> int:
        return len(self._live())
