# wrong: best_time averages the rounds: the slow rounds measure the machine's other work, not the code
"""Profile, then fix: cProfile and timeit in your hands.

Reference solution.
"""
import cProfile
import pstats
import timeit


def hotspot(func, *args, **kwargs):
    """Run func(*args, **kwargs) under cProfile; return the name of the Python
    function with the largest own time (tottime). Built-ins are not candidates."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        func(*args, **kwargs)
    finally:
        profiler.disable()  # never leave a profiler hooked into the interpreter
    # pstats keys are (filename, line, function name); values start with
    # (primitive calls, calls, tottime, cumtime, ...). Built-ins have the
    # file name '~'. tottime, not cumtime: cumtime would point at whoever
    # sits at the top of the call stack (func itself), not at the work.
    stats = pstats.Stats(profiler).stats
    own_times = [
        (timing[2], name)
        for (filename, _line, name), timing in stats.items()
        if filename != "~"
    ]
    return max(own_times)[1]


def best_time(func, number=100, repeat=5):
    rounds = timeit.repeat(func, number=number, repeat=repeat)
    return sum(rounds) / len(rounds) / number


# ---- the slow report, fixed -------------------------------------------------
# hotspot(monthly_report, orders, customers) on 20,000 orders pointed at
# customer_name: a linear scan of the customers for every order, so
# O(orders x customers). One dict built once makes each lookup O(1).

def customer_name(customers, customer_id):
    """The name of the customer with this id (KeyError if there is none)."""
    for cid, name in customers:
        if cid == customer_id:
            return name
    raise KeyError(customer_id)


def monthly_report(orders, customers):
    """[(name, total_cents)] for each customer with orders, highest total first, then name."""
    names = dict(customers)
    totals = {}
    for customer_id, amount in orders:
        name = names[customer_id]  # KeyError for an unknown customer, as before
        totals[name] = totals.get(name, 0) + amount
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
