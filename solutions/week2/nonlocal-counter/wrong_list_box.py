# wrong: sidesteps nonlocal with a one-element list as a mutable box (works, but is not what the exercise asks)
def make_counter(start=0, step=1):
    if step == 0:
        raise ValueError("step must not be 0")
    box = [start]

    def increment(times=1):
        box[0] += step * times
        return box[0]

    def current():
        return box[0]

    def reset():
        box[0] = start

    return increment, current, reset
