# wrong: missing() matches raw lines by prefix instead of parsing them, so "al" counts as present when only "alan" has a score
from collections.abc import Iterable, Iterator


def parse_scores(lines: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Yield (name, score) from lines like "ada: 91"; blank lines are skipped."""
    for line in lines:
        if not line.strip():
            continue
        name, score = line.split(":")
        yield name.strip(), int(score)



def share_of_total(lines):
    scores = list(parse_scores(lines))
    total = sum(s for _, s in scores)
    if total == 0:
        return {n: 0.0 for n, _ in scores}
    return {n: round(100 * s / total, 1) for n, s in scores}

def above_average(lines):
    scores = list(parse_scores(lines))
    if not scores:
        return []
    mean = sum(s for _, s in scores) / len(scores)
    return [n for n, s in scores if s > mean]

def missing(expected, lines):
    lines = list(lines)
    return [n for n in expected if not any(l.strip().startswith(n) for l in lines)]
