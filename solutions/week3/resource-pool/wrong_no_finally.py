# wrong: gives the resource back after `yield` without try/finally, so an exception in the block leaks it
import contextlib


class PoolExhausted(RuntimeError):
    pass


class Pool:
    def __init__(self, factory, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self._factory = factory
        self._size = size
        self._idle = []
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

    @contextlib.contextmanager
    def acquire(self):
        if self._idle:
            resource = self._idle.pop()
        elif self._created < self._size:
            resource = self._factory()
            self._created += 1
        else:
            raise PoolExhausted(f"all {self._size} resources are in use")
        self._in_use += 1
        yield resource
        self._in_use -= 1
        self._idle.append(resource)
