"""Signals, as Django does them: connect receivers, send to them."""
import inspect


class Signal:
    def connect(self, receiver, sender=None, dispatch_uid=None):
        """Connect receiver (callable, accepting **kwargs) for sender (None: any sender)."""
        raise NotImplementedError

    def disconnect(self, receiver=None, sender=None, dispatch_uid=None):
        """Remove a connection; return whether there was one."""
        raise NotImplementedError

    def send(self, sender, **named):
        """Call the matching receivers in order; [(receiver, response)]. Exceptions propagate."""
        raise NotImplementedError

    def send_robust(self, sender, **named):
        """Like send, but an Exception from a receiver becomes its response."""
        raise NotImplementedError

    def has_listeners(self, sender=None):
        """Whether send(sender) would call any receiver."""
        raise NotImplementedError


def receiver(signal, **kwargs):
    """Decorator: connect the function to signal with kwargs, return it unchanged."""
    raise NotImplementedError
