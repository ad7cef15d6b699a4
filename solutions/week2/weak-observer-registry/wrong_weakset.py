# wrong: a WeakSet loses subscription order and drops bound methods at once (they are temporary objects)
import weakref


class ObserverRegistry:
    def __init__(self, on_lapse=None):
        self._callbacks = weakref.WeakSet()

    def subscribe(self, callback) -> None:
        self._callbacks.add(callback)

    def unsubscribe(self, callback) -> None:
        self._callbacks.discard(callback)

    def notify(self, *args, **kwargs) -> list:
        return [cb(*args, **kwargs) for cb in list(self._callbacks)]

    def __len__(self) -> int:
        return len(self._callbacks)
