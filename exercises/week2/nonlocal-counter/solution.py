"""Counters made of closures sharing one `nonlocal` variable."""


def make_counter(start=0, step=1):
    """Return (increment, current, reset), three closures over one count.

    increment(times=1) -> new count (adds step * times)
    current() -> count
    reset() -> None (count back to start)
    Raises ValueError if step == 0.
    """
    raise NotImplementedError
