"""An observer registry that does not keep its observers alive."""
import weakref


class ObserverRegistry:
    """Holds callbacks through weak references."""

    def __init__(self):
        raise NotImplementedError

    def subscribe(self, callback) -> None:
        """Store `callback` weakly (functions, callable objects, bound methods).

        Subscribing the same callback twice keeps a single subscription.
        """
        raise NotImplementedError

    def unsubscribe(self, callback) -> None:
        """Remove `callback`; unknown callbacks are ignored."""
        raise NotImplementedError

    def notify(self, *args, **kwargs) -> list:
        """Call each live callback in subscription order; return their results."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Number of live callbacks."""
        raise NotImplementedError
