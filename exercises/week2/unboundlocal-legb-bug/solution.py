"""Five small helpers, five scope bugs.

Each function below fails (UnboundLocalError, NameError) or returns wrong
results because of how Python resolves names: Local, Enclosing, Global,
Built-in (LEGB). Fix each one; keep the names and signatures.
"""

TOTAL = 0   # running total kept by add_to_total


def add_to_total(amount):
    """Add `amount` to the module-level TOTAL and return the new TOTAL."""
    TOTAL += amount
    return TOTAL


def make_averager():
    """Return a function giving the running average of all values passed to it."""
    total = 0
    count = 0

    def averager(value):
        total += value
        count += 1
        return total / count

    return averager


def summarize(values):
    """Return {'count': n, 'max': largest, 'min': smallest} (None for an empty list)."""
    if not values:
        return {"count": 0, "max": None, "min": None}
    max = max(values)
    min = min(values)
    return {"count": len(values), "max": max, "min": min}


def make_multipliers(n):
    """Return [f_0, ..., f_(n-1)] where f_i(x) == x * i."""
    return [lambda x: x * i for i in range(n)]


class Pricing:
    """Prices with tax. Subclasses may override TAX_RATE."""

    TAX_RATE = 0.25

    def with_tax(self, price):
        """`price` plus tax at this class's TAX_RATE, rounded to cents."""
        return round(price * (1 + TAX_RATE), 2)
