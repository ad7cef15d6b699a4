"""Choose the right data structure (week 3, performance).

Everything below is correct but uses a list where another structure fits.
Keep the results, fix the complexity.
"""


class MovingAverage:
    """Average of the last ``size`` values added."""

    def __init__(self, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self.window = []

    def add(self, value):
        """Record ``value``; return the average of the last ``size`` values."""
        self.window.append(value)
        if len(self.window) > self.size:
            self.window.pop(0)                       # shifts every element
        return sum(self.window) / len(self.window)   # re-reads the whole window


def find_blocked(requests, blocklist):
    """The requests whose id is in ``blocklist``, in order, repeats included."""
    return [r for r in requests if r in blocklist]   # scans the blocklist per request


def top_k(values, k):
    """The ``k`` largest values of the iterable, largest first."""
    if k <= 0:
        return []
    return sorted(values, reverse=True)[:k]          # keeps the whole stream in memory


class Leaderboard:
    """A leaderboard of scores: where would a score rank, how many lie in a range."""

    def __init__(self, scores=()):
        self._scores = list(scores)

    def add(self, score):
        self._scores.append(score)

    def rank(self, score):
        """1 + the number of recorded scores strictly greater than score."""
        return 1 + sum(1 for s in self._scores if s > score)

    def count_between(self, lo, hi):
        """How many recorded scores s satisfy lo <= s <= hi."""
        return sum(1 for s in self._scores if lo <= s <= hi)

    def __len__(self):
        return len(self._scores)
