# wrong: keys the instances by the class's __qualname__, so two classes that share a name share one instance
import threading


class Singleton(type):
    """Metaclass: `Cls()` always returns the same instance of `Cls`.

    Each class (subclasses included) has its own instance; `__init__` runs
    only on the first call; `Cls.clear()` forgets the instance; first
    creation is thread-safe.
    """

    # Keyed by the class object itself, so DevConfig never sees Config's
    # instance (an inherited `cls._instance` attribute would leak it).
    _instances = {}
    # Re-entrant: App.__init__ calling Config() re-enters __call__ on the
    # same thread while the lock is held; a plain Lock would deadlock.
    _lock = threading.RLock()

    def __call__(cls, *args, **kwargs):
        # Fast path without the lock once the instance exists.
        try:
            return Singleton._instances[cls.__qualname__]
        except KeyError:
            pass
        with Singleton._lock:
            # Check again: another thread may have won the race meanwhile.
            if cls.__qualname__ not in Singleton._instances:
                # type.__call__ runs __new__ and __init__. If __init__ raises,
                # nothing is stored and the next call tries again.
                Singleton._instances[cls.__qualname__] = super().__call__(*args, **kwargs)
            return Singleton._instances[cls.__qualname__]

    def clear(cls):
        """Forget `cls`'s instance (other classes keep theirs)."""
        with Singleton._lock:
            Singleton._instances.pop(cls.__qualname__, None)
