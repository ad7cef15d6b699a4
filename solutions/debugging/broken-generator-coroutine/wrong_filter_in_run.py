# wrong: run() filters comments and blank lines itself before calling parse, so parse() still stops at the first comment
"""A log pipeline: a generator parses lines; two coroutines count and batch records.

    text --> parse() --(level, message)--> counter()   (counts every level)
                                       \\-> batcher()   (only the levels asked for)
"""
import functools


def coroutine(func):
    """Decorator: start a coroutine (run it to its first `yield`) so callers can send() at once."""

    @functools.wraps(func)
    def start(*args, **kwargs):
        gen = func(*args, **kwargs)
        next(gen)
        return gen

    return start


def parse(lines):
    """Yield (LEVEL, message) for each log line."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            return
        level, _, message = line.partition(" ")
        yield level.upper(), message


@coroutine
def counter():
    """Coroutine: send it (level, message) records; each send() returns {level: count} so far."""
    counts = {}
    while True:
        level, _message = yield dict(counts)
        counts[level] = counts.get(level, 0) + 1


# The decorator was missing: an unstarted generator is paused *before* its
# first line, so the first send(record) raised "can't send non-None value to
# a just-started generator".
@coroutine
def batcher(size, out):
    """Coroutine: send it (level, message) records; it appends them to the list out
    in batches (lists) of `size` records.

    A record that cannot be unpacked into (level, message) is skipped. When the
    coroutine is closed, the last, partial batch is appended too.
    """
    batch = []
    try:
        while True:
            try:
                level, message = yield
            except (TypeError, ValueError):  # not a (level, message) pair: skip it
                # A bare `except:` also caught GeneratorExit, which close()
                # raises at the paused `yield`: the loop went on, yielded again,
                # and close() failed with "generator ignored GeneratorExit"
                # (and the last batch was never flushed). Catch only what a bad
                # record raises.
                continue
            batch.append((level, message))
            if len(batch) == size:
                out.append(batch)
                batch = []
    except GeneratorExit:
        if batch:
            out.append(batch)  # flush the last, partial batch
        raise


def run(text, levels=("ERROR", "WARN"), size=2):
    batches = []
    sink = batcher(size, batches)
    tally = counter()
    counts = {}
    lines = [l for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
    for record in parse(lines):
        counts = tally.send(record)
        if record[0] in levels:
            sink.send(record)
    sink.close()
    tally.close()
    return batches, counts
