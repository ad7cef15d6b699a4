# wrong: keeps the callbacks themselves in a list, so the registry keeps every observer alive (a leak)
class ObserverRegistry:
    def __init__(self, on_lapse=None):
        self._callbacks = []

    def subscribe(self, callback) -> None:
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def unsubscribe(self, callback) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def notify(self, *args, **kwargs) -> list:
        return [cb(*args, **kwargs) for cb in self._callbacks]

    def __len__(self) -> int:
        return len(self._callbacks)
