"""An observer registry that does not keep its observers alive, and is told when they die."""
import weakref


class ObserverRegistry:
    """Holds callbacks through weak references; reports each observer's death at once."""

    def __init__(self, on_lapse=None):
        """on_lapse(name), if given, is called once for each subscribed callback that dies."""
        raise NotImplementedError

    def subscribe(self, callback) -> None:
        """Store `callback` weakly (functions, callable objects, bound methods).

        Subscribing the same callback twice keeps a single subscription.
        """
        raise NotImplementedError

    def unsubscribe(self, callback) -> None:
        """Remove `callback`; unknown callbacks are ignored. Its later death is not reported."""
        raise NotImplementedError

    def notify(self, *args, **kwargs) -> list:
        """Call each live callback in subscription order; return their results."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Number of live callbacks."""
        raise NotImplementedError
