"""A logging proxy built on __getattr__, __setattr__ and explicit special methods."""


class LoggingProxy:
    """Forward attribute access to `target`, logging ("get"|"set"|"del", name) into `log`."""

    def __init__(self, target, log):
        raise NotImplementedError

    def proxied(self):
        """The target (a method of the proxy itself: not logged)."""
        raise NotImplementedError

    def __getattr__(self, name):
        """Called only when normal lookup fails: forward to the target and log ("get", name)."""
        raise NotImplementedError

    def __setattr__(self, name, value):
        raise NotImplementedError

    def __delattr__(self, name):
        raise NotImplementedError

    # Special methods are looked up on the type, never through __getattr__:
    # define the ones to forward (len, iter, in, [], str, bool, repr).
