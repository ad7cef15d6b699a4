"""Signals, as Django does them: connect receivers, send to them.

Reference solution.
"""
import inspect


class Signal:
    def __init__(self):
        # [(lookup key, sender, receiver)] in connection order. The key says
        # which connections are "the same": (uid, sender) when a dispatch_uid
        # is given, else (receiver, sender).
        self._receivers = []

    @staticmethod
    def _key(receiver, sender, dispatch_uid):
        # Senders are compared by identity, as Django does with id(sender).
        who = ("uid", dispatch_uid) if dispatch_uid is not None else ("receiver", receiver)
        return who, id(sender) if sender is not None else None

    def connect(self, receiver, sender=None, dispatch_uid=None):
        """Connect receiver (callable, accepting **kwargs) for sender (None: any sender)."""
        if not callable(receiver):
            raise TypeError("signal receivers must be callable")
        params = inspect.signature(receiver).parameters.values()
        if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
            raise TypeError("signal receivers must accept keyword arguments (**kwargs)")
        key = self._key(receiver, sender, dispatch_uid)
        # `==`, not `is`: obj.method makes a new bound method object every
        # time, and two of them compare equal when they wrap the same
        # function and object.
        if not any(existing == key for existing, _, _ in self._receivers):
            self._receivers.append((key, sender, receiver))

    def disconnect(self, receiver=None, sender=None, dispatch_uid=None):
        """Remove a connection; return whether there was one."""
        key = self._key(receiver, sender, dispatch_uid)
        for i, (existing, _, _) in enumerate(self._receivers):
            if existing == key:
                del self._receivers[i]
                return True
        return False

    def _live(self, sender):
        return [r for _, s, r in self._receivers if s is None or s is sender]

    def send(self, sender, **named):
        """Call the matching receivers in order; [(receiver, response)]. Exceptions propagate."""
        return [(r, r(signal=self, sender=sender, **named)) for r in self._live(sender)]

    def send_robust(self, sender, **named):
        """Like send, but an Exception from a receiver becomes its response."""
        responses = []
        for r in self._live(sender):
            try:
                responses.append((r, r(signal=self, sender=sender, **named)))
            except Exception as e:
                responses.append((r, e))
        return responses

    def has_listeners(self, sender=None):
        """Whether send(sender) would call any receiver."""
        return bool(self._live(sender))


def receiver(signal, **kwargs):
    """Decorator: connect the function to signal with kwargs, return it unchanged."""
    def decorator(func):
        signal.connect(func, **kwargs)
        return func
    return decorator
