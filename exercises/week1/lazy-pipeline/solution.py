"""A lazy sensor-log pipeline: parse -> filter -> aggregate, in constant memory."""
from collections.abc import Iterable, Iterator


def parse(lines: Iterable[str]) -> Iterator[tuple[str, int]]:
    """Yield (sensor, value) for each well-formed "sensor,value" line; skip the rest.

    Skipped: blank lines, lines starting with '#', lines without exactly one comma,
    an empty sensor name, a value that is not an integer. Whitespace around the line
    and around each field is ignored.
    """
    raise NotImplementedError


def above(readings: Iterable[tuple[str, int]], threshold: int) -> Iterator[tuple[str, int]]:
    """Yield, lazily and in order, the readings whose value is strictly greater than threshold."""
    raise NotImplementedError


def summarize(readings: Iterable[tuple[str, int]]) -> dict[str, tuple[int, int, int]]:
    """Return {sensor: (count, total, maximum)}, consuming readings in a single pass."""
    raise NotImplementedError


def pipeline(lines: Iterable[str], threshold: int) -> dict[str, tuple[int, int, int]]:
    """summarize(above(parse(lines), threshold))."""
    raise NotImplementedError
