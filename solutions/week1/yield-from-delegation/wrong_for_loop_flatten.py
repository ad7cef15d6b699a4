# wrong: flatten re-yields its sub-generators with a for loop and counts by hand: the leaves and the count are right, but nothing is delegated with yield from
from collections.abc import Generator


def flatten(item) -> Generator[object, None, int]:
    """Yield the leaves of nested lists/tuples (anything else is a leaf); return how many."""
    if not isinstance(item, (list, tuple)):
        yield item
        return 1
    count = 0
    for element in item:
        # `yield from` re-yields every leaf of the sub-generator, one at a
        # time (so the whole thing stays lazy), and then evaluates to the
        # sub-generator's return value. A `for` loop would drop that value.
        for leaf in flatten(element):
            count += 1
            yield leaf
    return count


def run(gen) -> tuple[list, object]:
    """Drive `gen` to its end; return (the yielded items, the generator's return value)."""
    items = []
    while True:
        try:
            items.append(next(gen))
        except StopIteration as stop:
            # `return value` inside a generator becomes StopIteration(value).
            return items, stop.value


def averager() -> Generator[float | None, float | None, float | None]:
    """Coroutine: send numbers (each send gives the running average); send None to end it."""
    total = 0.0
    count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            # Ends the generator: send(None) raises StopIteration(average).
            return average
        total += value
        count += 1
        average = total / count


def collect(results: dict, key) -> Generator[float | None, float | None, None]:
    """Delegate to a fresh averager() with `yield from`; store its return value in results[key]."""
    # While the averager runs, every next()/send()/throw() on collect goes
    # straight to it, and what it yields comes straight back. When it
    # returns, `yield from` evaluates to its return value.
    results[key] = yield from averager()
