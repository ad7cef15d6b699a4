# wrong: above returns a list comprehension instead of a generator, so every matching reading is held in memory at once (not lazy)
"""A lazy sensor-log pipeline: parse -> filter -> aggregate."""
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
        # One record at a time: nothing before or after this line is kept alive.
        yield sensor, value


def above(readings: Iterable[tuple[str, int]], threshold: int) -> Iterator[tuple[str, int]]:
    """Yield the readings whose value is strictly greater than threshold."""
    return [r for r in readings if r[1] > threshold]


def summarize(readings: Iterable[tuple[str, int]]) -> dict[str, tuple[int, int, int]]:
    """Return {sensor: (count, total, maximum)}, consuming readings in one pass."""
    # Only running figures per sensor are kept, never the readings themselves:
    # memory grows with the number of sensors, not with the length of the stream.
    stats: dict[str, tuple[int, int, int]] = {}
    for sensor, value in readings:
        if sensor in stats:
            count, total, peak = stats[sensor]
            stats[sensor] = (count + 1, total + value, max(peak, value))
        else:
            stats[sensor] = (1, value, value)
    return stats


def pipeline(lines: Iterable[str], threshold: int) -> dict[str, tuple[int, int, int]]:
    """summarize(above(parse(lines), threshold)): one pass, constant memory."""
    return summarize(above(parse(lines), threshold))
