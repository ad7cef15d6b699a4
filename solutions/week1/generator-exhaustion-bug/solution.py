"""Score report helpers, fixed (reference).

The bug, three times over: a generator (or a file, or any iterator) can be
consumed only once. A second loop over it silently sees nothing, and
`x in iterator` consumes it up to the first match. The fix is to materialise
the data once, into the structure the algorithm needs, when an algorithm
truly needs more than one pass.
"""
from collections.abc import Iterable, Iterator


def parse_scores(lines: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Yield (name, score) from lines like "ada: 91"; blank lines are skipped."""
    for line in lines:
        if not line.strip():
            continue
        name, score = line.split(":")
        yield name.strip(), int(score)


def share_of_total(lines: Iterable[str]) -> dict[str, float]:
    """Return {name: percentage of the total score}, rounded to 1 decimal.

    Names are unique. If the total is 0, every share is 0.0.
    """
    # Two passes are unavoidable (the total must be known before any share),
    # so keep the parsed scores: a list can be iterated as often as needed.
    scores = list(parse_scores(lines))
    total = sum(score for _, score in scores)
    if total == 0:
        return {name: 0.0 for name, _ in scores}
    return {name: round(100 * score / total, 1) for name, score in scores}


def above_average(lines: Iterable[str]) -> list[str]:
    """Return the names whose score is strictly above the mean score, in input order."""
    scores = list(parse_scores(lines))
    if not scores:
        return []
    mean = sum(score for _, score in scores) / len(scores)
    return [name for name, score in scores if score > mean]


def missing(expected: Iterable[str], lines: Iterable[str]) -> list[str]:
    """Return the expected names that have no score line, in the order of `expected`."""
    # `name not in generator` consumes the generator up to the match, so the
    # next test starts half-way through. A set is re-usable and O(1) per lookup.
    seen = {name for name, _ in parse_scores(lines)}
    return [name for name in expected if name not in seen]
