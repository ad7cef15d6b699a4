"""Profile, then fix: cProfile and timeit in your hands."""
import cProfile
import pstats
import timeit


def hotspot(func, *args, **kwargs):
    """Run func(*args, **kwargs) under cProfile; return the name of the Python
    function with the largest own time (tottime). Built-ins are not candidates."""
    raise NotImplementedError


def best_time(func, number=100, repeat=5):
    """Best of `repeat` rounds of `number` calls of func(), per call, in seconds."""
    raise NotImplementedError


# ---- the slow report: correct, but profile it and fix it -------------------

def customer_name(customers, customer_id):
    """The name of the customer with this id (KeyError if there is none)."""
    for cid, name in customers:
        if cid == customer_id:
            return name
    raise KeyError(customer_id)


def monthly_report(orders, customers):
    """[(name, total_cents)] for each customer with orders, highest total first, then name."""
    totals = {}
    for customer_id, amount in orders:
        name = customer_name(customers, customer_id)
        totals[name] = totals.get(name, 0) + amount
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
