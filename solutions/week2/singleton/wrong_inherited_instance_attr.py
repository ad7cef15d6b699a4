# wrong: caches the instance in a class attribute, so a subclass created after its parent's instance inherits that instance
import threading


class Singleton(type):
    _lock = threading.RLock()

    def __call__(cls, *args, **kwargs):
        with Singleton._lock:
            if getattr(cls, "_instance", None) is None:
                cls._instance = super().__call__(*args, **kwargs)
            return cls._instance

    def clear(cls):
        cls._instance = None
