# wrong: defines no special methods, trusting __getattr__ to forward them: len(p), p[0], iter(p) look on the type and fail

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

    def __setattr__(self, name, value):
        if name in _OWN:
            object.__setattr__(self, name, value)
            return
        setattr(self._target, name, value)
        self._log.append(("set", name))

    def __delattr__(self, name):
        if name in _OWN:
            object.__delattr__(self, name)
            return
        delattr(self._target, name)
        self._log.append(("del", name))

    def __repr__(self):
        return f"LoggingProxy({self._target!r})"
