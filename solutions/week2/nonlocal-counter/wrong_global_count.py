# wrong: keeps the count in a module-level global, so all counters share one count
_count = 0


def make_counter(start=0, step=1):
    if step == 0:
        raise ValueError("step must not be 0")
    global _count
    _count = start

    def increment(times=1):
        global _count
        _count += step * times
        return _count

    def current():
        return _count

    def reset():
        global _count
        _count = start

    return increment, current, reset
