"""Memory-efficient aggregation of a large stream (week 3, performance)."""


def read_records(lines):
    """Yield ``(name, amount)`` for every data line of ``lines``, lazily.

    Skip blank lines and ``#`` comments; strip the fields; raise ValueError naming
    ``line N`` (1-based, counting every line) for a malformed line.
    """
    raise NotImplementedError
    yield  # makes this function a generator


def aggregate(records):
    """Return ``{name: (count, total, min, max)}`` in one pass over ``records``."""
    raise NotImplementedError
