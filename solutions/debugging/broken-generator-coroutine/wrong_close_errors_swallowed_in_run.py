# wrong: the bare except stays in batcher; run() swallows the RuntimeError of close(), so batcher.close() still fails and the partial batch is lost
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
    """Yield (LEVEL, message) for each log line such as "error disk full".

    Surrounding whitespace is ignored, the level is upper-cased, and blank
    lines and lines starting with "#" are skipped.
    """
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue  # `return` here ended the whole generator at the first comment
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
    """Coroutine: batches of `size` records appended to out."""
    batch = []
    try:
        while True:
            try:
                level, message = yield
            except:
                continue
            batch.append((level, message))
            if len(batch) == size:
                out.append(batch)
                batch = []
    except GeneratorExit:
        if batch:
            out.append(batch)
        raise


def run(text, levels=("ERROR", "WARN"), size=2):
    batches = []
    sink = batcher(size, batches)
    tally = counter()
    counts = {}
    for record in parse(text.splitlines()):
        counts = tally.send(record)
        if record[0] in levels:
            sink.send(record)
    try:
        sink.close()
    except RuntimeError:
        pass
    tally.close()
    return batches, counts
