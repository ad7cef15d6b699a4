# wrong: the running maximum starts at 0, so a sensor with only negative values reports 0
from collections import defaultdict
from collections.abc import Iterable, Iterator


def parse(lines: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Yield (sensor, value) for each well-formed "sensor,value" line; skip the rest."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(",")
        if len(parts) != 2:
            continue
        sensor, raw = parts[0].strip(), parts[1].strip()
        if not sensor:
            continue
        try:
            value = int(raw)
        except ValueError:
            continue
        yield sensor, value


def above(readings: Iterable[tuple[str, int]], threshold: int) -> Iterator[tuple[str, int]]:
    """Yield the readings whose value is strictly greater than threshold."""
    return (r for r in readings if r[1] > threshold)


def summarize(readings: Iterable[tuple[str, int]]) -> dict[str, tuple[int, int, int]]:
    """Return {sensor: (count, total, maximum)}, consuming readings in one pass."""
    stats = defaultdict(lambda: [0, 0, 0])
    for sensor, value in readings:
        entry = stats[sensor]
        entry[0] += 1
        entry[1] += value
        entry[2] = max(entry[2], value)
    return {sensor: tuple(entry) for sensor, entry in stats.items()}


def pipeline(lines: Iterable[str], threshold: int) -> dict[str, tuple[int, int, int]]:
    """summarize(above(parse(lines), threshold)): one pass, constant memory."""
    return summarize(above(parse(lines), threshold))
