# wrong: builds set(blocklist) inside the comprehension, once per request, so find_blocked is still O(n * m)
import heapq
from collections import deque


class MovingAverage:
    def __init__(self, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self.window = deque()
        self.total = 0

    def add(self, value):
        self.window.append(value)
        self.total += value
        if len(self.window) > self.size:
            self.total -= self.window.popleft()
        return self.total / len(self.window)


def find_blocked(requests, blocklist):
    return [r for r in requests if r in set(blocklist)]


def top_k(values, k):
    if k <= 0:
        return []
    return heapq.nlargest(k, values)
