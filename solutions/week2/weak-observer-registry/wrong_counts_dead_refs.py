# wrong: never prunes dead references, so len() still counts observers that were freed
import inspect
import weakref


class ObserverRegistry:
    def __init__(self, on_lapse=None):
        self._refs = []

    def subscribe(self, callback) -> None:
        for r in self._refs:
            if r() is not None and r() == callback:
                return
        if inspect.ismethod(callback):
            self._refs.append(weakref.WeakMethod(callback))
        else:
            self._refs.append(weakref.ref(callback))

    def unsubscribe(self, callback) -> None:
        self._refs = [r for r in self._refs if r() != callback]

    def notify(self, *args, **kwargs) -> list:
        results = []
        for r in self._refs:
            cb = r()
            if cb is not None:
                results.append(cb(*args, **kwargs))
        return results

    def __len__(self) -> int:
        return len(self._refs)
