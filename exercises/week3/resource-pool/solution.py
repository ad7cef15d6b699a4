"""A resource pool that always releases (week 3, context managers)."""


class PoolExhausted(RuntimeError):
    """Raised when every resource of the pool is lent out."""


class Pool:
    """Lend out at most ``size`` resources made by ``factory()``.

    >>> pool = Pool(list, size=1)
    >>> with pool.acquire() as r:
    ...     pool.in_use
    1
    """

    def __init__(self, factory, size):
        """Keep the factory; validate ``size`` (>= 1); create nothing yet."""
        raise NotImplementedError

    @property
    def in_use(self):
        """Number of resources currently lent out."""
        raise NotImplementedError

    @property
    def idle(self):
        """Number of created resources waiting in the pool."""
        raise NotImplementedError

    @property
    def created(self):
        """How many resources ``factory()`` has made so far."""
        raise NotImplementedError

    def acquire(self):
        """Return a context manager that lends one resource and always gives it back."""
        raise NotImplementedError
