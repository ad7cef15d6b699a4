# wrong: avoids UnboundLocalError with a local copy, so TOTAL itself never changes
"""Five small helpers, five scope bugs: fixed.

Each fix follows from LEGB (Local, Enclosing, Global, Built-in) and from the
rule that any assignment makes a name local to the whole function.
"""

TOTAL = 0   # running total kept by add_to_total


def add_to_total(amount):
    """Add `amount` to the module-level TOTAL and return the new TOTAL."""
    # `TOTAL += amount` assigns, so TOTAL would be local; `global` makes the
    # assignment rebind the module variable instead.
    total = TOTAL + amount
    return total


def make_averager():
    """Return a function giving the running average of all values passed to it."""
    total = 0
    count = 0

    def averager(value):
        # Same problem one level in: rebind the enclosing function's names.
        # (global would share one total between all averagers.)
        nonlocal total, count
        total += value
        count += 1
        return total / count

    return averager


def summarize(values):
    """Return {'count': n, 'max': largest, 'min': smallest} (None for an empty list)."""
    if not values:
        return {"count": 0, "max": None, "min": None}
    # `max = max(values)` made `max` local for the whole function, so the
    # right-hand side could no longer reach the built-in. Don't shadow it.
    largest = max(values)
    smallest = min(values)
    return {"count": len(values), "max": largest, "min": smallest}


def _times(i):
    # Each call has its own scope, so each lambda captures its own `i`.
    return lambda x: x * i


def make_multipliers(n):
    """Return [f_0, ..., f_(n-1)] where f_i(x) == x * i."""
    # A lambda in the comprehension would capture the one variable `i`, and
    # read it only when called: after the loop, i == n - 1 for all of them.
    return [_times(i) for i in range(n)]


class Pricing:
    """Prices with tax. Subclasses may override TAX_RATE."""

    TAX_RATE = 0.25

    def with_tax(self, price):
        """`price` plus tax at this class's TAX_RATE, rounded to cents."""
        # Names in a class body are not visible from its methods (the class
        # scope is not an enclosing scope). Attribute lookup through self
        # also picks up a subclass's override.
        return round(price * (1 + self.TAX_RATE), 2)
