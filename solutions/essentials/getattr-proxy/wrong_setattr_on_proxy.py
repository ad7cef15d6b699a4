# wrong: has no __setattr__/__delattr__, so assignments land on the proxy itself and the target never changes

_OWN = ("_target", "_log")


class LoggingProxy:
    """Forward attribute access to `target`, logging ("get"|"set"|"del", name) into `log`."""

    def __init__(self, target, log):
        # Our own __setattr__ forwards: go around it for the proxy's state.
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", log)

    def proxied(self):
        """The target (a method of the proxy itself: not logged)."""
        return self._target

    def __getattr__(self, name):
        # Only reached when normal lookup failed. On an object that copy or
        # pickle made without __init__, _target itself is missing: without
        # this guard, `self._target` below would call __getattr__('_target')
        # again, and again, until RecursionError.
        if name in _OWN:
            raise AttributeError(name)
        value = getattr(self._target, name)   # AttributeError from the target
        self._log.append(("get", name))
        return value

    # Implicit special-method lookup goes to type(p), skipping both the
    # instance and __getattr__: each operation to forward needs its method.
    def __len__(self):
        return len(self._target)

    def __iter__(self):
        return iter(self._target)

    def __contains__(self, item):
        return item in self._target

    def __getitem__(self, key):
        return self._target[key]

    def __setitem__(self, key, value):
        self._target[key] = value

    def __delitem__(self, key):
        del self._target[key]

    def __str__(self):
        return str(self._target)

    def __bool__(self):
        return bool(self._target)

    def __repr__(self):
        return f"LoggingProxy({self._target!r})"
