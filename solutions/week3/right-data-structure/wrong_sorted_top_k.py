# wrong: top_k sorts the whole stream and slices it, so memory grows with the length of the stream (results right)
"""Choose the right data structure."""
import bisect
import heapq
from collections import deque


class MovingAverage:
    """Average of the last ``size`` values added, in O(1) per value."""

    def __init__(self, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self.window = deque()   # O(1) append on the right and pop on the left
        self.total = 0          # running sum: never re-add the window

    def add(self, value):
        self.window.append(value)
        self.total += value
        if len(self.window) > self.size:
            # Evict explicitly (rather than deque(maxlen=...)) so that we know which
            # value left the window and can subtract it from the running total.
            self.total -= self.window.popleft()
        return self.total / len(self.window)


def find_blocked(requests, blocklist):
    blocked = set(blocklist)    # built once: O(1) membership afterwards
    return [r for r in requests if r in blocked]


def top_k(values, k):
    if k <= 0:
        return []
    return sorted(values, reverse=True)[:k]


class Leaderboard:
    """Scores kept sorted, so rank and range queries are binary searches."""

    def __init__(self, scores=()):
        self._scores = sorted(scores)  # sort once: O(n log n)

    def add(self, score):
        # insort finds the spot in O(log n); the insertion itself shifts
        # pointers (a fast memmove), which is fine for a leaderboard that is
        # read far more often than written.
        bisect.insort(self._scores, score)

    def rank(self, score):
        """1 + the number of recorded scores strictly greater than score."""
        return 1 + len(self._scores) - bisect.bisect_right(self._scores, score)

    def count_between(self, lo, hi):
        """How many recorded scores s satisfy lo <= s <= hi."""
        if lo > hi:
            return 0
        return bisect.bisect_right(self._scores, hi) - bisect.bisect_left(self._scores, lo)

    def __len__(self):
        return len(self._scores)
