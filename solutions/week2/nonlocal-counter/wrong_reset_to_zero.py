# wrong: reset() sets the count to 0 instead of back to `start`
def make_counter(start=0, step=1):
    if step == 0:
        raise ValueError("step must not be 0")
    count = start

    def increment(times=1):
        nonlocal count
        count += step * times
        return count

    def current():
        return count

    def reset():
        nonlocal count
        count = 0

    return increment, current, reset
