# wrong: forwards with __getattribute__, which runs for every access: the proxy's own methods (proxied) are forwarded and logged too
class LoggingProxy:
    def __init__(self, target, log):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_log", log)

    def proxied(self):
        return object.__getattribute__(self, "_target")

    def __getattribute__(self, name):
        if name in ("_target", "_log", "__class__", "__dict__"):
            return object.__getattribute__(self, name)
        target = object.__getattribute__(self, "_target")
        value = getattr(target, name)
        object.__getattribute__(self, "_log").append(("get", name))
        return value

    def __setattr__(self, name, value):
        if name in ("_target", "_log"):
            object.__setattr__(self, name, value)
            return
        setattr(self._target, name, value)
        self._log.append(("set", name))

    def __delattr__(self, name):
        delattr(self._target, name)
        self._log.append(("del", name))

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
