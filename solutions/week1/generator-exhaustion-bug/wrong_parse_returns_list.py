# wrong: "fixes" everything by making parse_scores build a list, so it is no longer lazy
from collections.abc import Iterable, Iterator


def parse_scores(lines: Iterable[str]) -> list[tuple[str, int]]:
    """Return (name, score) pairs from lines like "ada: 91"; blank lines are skipped."""
    return [(name.strip(), int(score)) for name, score in
            (line.split(":") for line in lines if line.strip())]


def share_of_total(lines: Iterable[str]) -> dict[str, float]:
    """Return {name: percentage of the total score}, rounded to 1 decimal."""
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
    seen = {name for name, _ in parse_scores(lines)}
    return [name for name in expected if name not in seen]
