# wrong: creates all resources up front and reuses the oldest idle one (a queue) instead of the most recent
import contextlib


class PoolExhausted(RuntimeError):
    pass


class Pool:
    def __init__(self, factory, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self._idle = [factory() for _ in range(size)]
        self._size = size
        self._in_use = 0

    @property
    def in_use(self):
        return self._in_use

    @property
    def idle(self):
        return len(self._idle)

    @property
    def created(self):
        return self._size

    @contextlib.contextmanager
    def acquire(self):
        if not self._idle:
            raise PoolExhausted(f"all {self._size} resources are in use")
        resource = self._idle.pop(0)
        self._in_use += 1
        try:
            yield resource
        finally:
            self._in_use -= 1
            self._idle.append(resource)
