# wrong: caches the object from __new__ but calls __init__ on every call, resetting its state
import threading


class Singleton(type):
    _instances = {}
    _lock = threading.RLock()

    def __call__(cls, *args, **kwargs):
        with Singleton._lock:
            if cls not in Singleton._instances:
                Singleton._instances[cls] = cls.__new__(cls)
            instance = Singleton._instances[cls]
        instance.__init__(*args, **kwargs)
        return instance

    def clear(cls):
        Singleton._instances.pop(cls, None)
