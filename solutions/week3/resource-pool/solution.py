"""A resource pool that always releases: reference solution."""
import contextlib


class PoolExhausted(RuntimeError):
    """Raised when every resource of the pool is lent out."""


class Pool:
    """Lend out at most ``size`` resources made by ``factory()``."""

    def __init__(self, factory, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self._factory = factory
        self._size = size
        self._idle = []      # a stack: the most recently returned resource is reused first
        self._in_use = 0
        self._created = 0

    @property
    def in_use(self):
        return self._in_use

    @property
    def idle(self):
        return len(self._idle)

    @property
    def created(self):
        return self._created

    def _take(self):
        if self._idle:
            resource = self._idle.pop()
        elif self._created < self._size:
            resource = self._factory()
            self._created += 1    # only after the factory succeeded
        else:
            raise PoolExhausted(f"all {self._size} resources are in use")
        self._in_use += 1
        return resource

    def _give_back(self, resource):
        self._in_use -= 1
        self._idle.append(resource)

    @contextlib.contextmanager
    def acquire(self):
        # Take the resource *before* the try: if taking fails there is nothing to give back.
        resource = self._take()
        try:
            yield resource
        finally:
            # finally runs on success, on an exception and when the generator is closed.
            self._give_back(resource)
