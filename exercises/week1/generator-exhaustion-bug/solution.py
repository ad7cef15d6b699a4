"""Score report helpers. They run without a single error... and the reports
come out empty or wrong. Find and fix the bugs.

Keep the signatures, and keep parse_scores a lazy generator.
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
    scores = parse_scores(lines)
    total = sum(score for _, score in scores)
    if total == 0:
        return {name: 0.0 for name, _ in scores}
    return {name: round(100 * score / total, 1) for name, score in scores}


def above_average(lines: Iterable[str]) -> list[str]:
    """Return the names whose score is strictly above the mean score, in input order."""
    scores = parse_scores(lines)
    values = (score for _, score in scores)
    count = sum(1 for _ in values)
    if count == 0:
        return []
    mean = sum(values) / count
    return [name for name, score in scores if score > mean]


def missing(expected: Iterable[str], lines: Iterable[str]) -> list[str]:
    """Return the expected names that have no score line, in the order of `expected`."""
    seen = (name for name, _ in parse_scores(lines))
    return [name for name in expected if name not in seen]
