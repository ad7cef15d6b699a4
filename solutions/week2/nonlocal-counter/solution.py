"""Counters made of closures sharing one `nonlocal` variable."""


def make_counter(start=0, step=1):
    """Return (increment, current, reset), three closures over one count.

    increment(times=1) -> new count (adds step * times)
    current() -> count
    reset() -> None (count back to start)
    Raises ValueError if step == 0.
    """
    if step == 0:
        raise ValueError("step must not be 0")

    count = start   # one variable, shared by the three closures below

    def increment(times=1):
        # Without `nonlocal`, the assignment would make `count` local to
        # increment and `count += ...` would raise UnboundLocalError.
        nonlocal count
        count += step * times
        return count

    def current():
        # Reading an enclosing variable needs no declaration (LEGB lookup).
        return count

    def reset():
        nonlocal count
        count = start

    # Each call of make_counter creates a new `count` cell, so counters are
    # independent of each other.
    return increment, current, reset
