# wrong: sorts the report by type name only, so the largest growth is not listed first
import gc
import os
import tracemalloc


def _count_by_type() -> dict[str, int]:
    # gc.get_objects() lists the objects the cyclic collector tracks: class
    # instances, lists, dicts holding containers... (not str, bytes, int).
    objects = gc.get_objects()
    # A plain dict, not Counter(generator): Counter's first isinstance()
    # check of a generator fills a dozen ABC caches with weak references,
    # which the next count would report as growth. Measuring allocates too.
    counts = {}
    for obj in objects:
        name = type(obj).__name__
        counts[name] = counts.get(name, 0) + 1
    # Drop our reference to the big list at once: it holds every object.
    del objects
    return counts


def growth_by_type(action, repeat=10) -> dict[str, int]:
    """{type name: growth} for the types whose live objects grew by >= repeat over repeat calls."""
    action()            # warm-up: one-time caches, imports, lazy attributes
    gc.collect()        # garbage in reference cycles is not a leak: free it first
    before = _count_by_type()
    for _ in range(repeat):
        action()
    gc.collect()
    after = _count_by_type()
    # Objects that survive every call, once per call at least: the leak.
    # A handful of objects of our own (the Counter above...) stay below it.
    grown = {name: after[name] - before.get(name, 0) for name in after}
    leaks = {name: n for name, n in grown.items() if n >= repeat}
    return dict(sorted(leaks.items()))


def top_growth_lines(action, repeat=10, limit=3) -> list[tuple[str, int]]:
    """The (file name, line) of the `limit` lines whose allocations grew most over repeat calls."""
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        action()        # warm-up outside the comparison
        gc.collect()
        before = tracemalloc.take_snapshot()
        for _ in range(repeat):
            action()
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        # Leave tracemalloc as we found it: someone else may be measuring.
        if not was_tracing:
            tracemalloc.stop()
    # Our own bookkeeping (the snapshots) is allocated by tracemalloc itself.
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    stats = after.filter_traces(ignore).compare_to(before.filter_traces(ignore), "lineno")
    grown = [s for s in stats if s.size_diff > 0]
    grown.sort(key=lambda s: -s.size_diff)
    return [(os.path.basename(s.traceback[0].filename), s.traceback[0].lineno)
            for s in grown[:limit]]
