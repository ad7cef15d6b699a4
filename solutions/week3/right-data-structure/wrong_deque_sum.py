# wrong: switches to deque(maxlen=size) but still calls sum() on the whole window at every add, so add is O(size)
import heapq
from collections import deque


class MovingAverage:
    def __init__(self, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.window = deque(maxlen=size)

    def add(self, value):
        self.window.append(value)
        return sum(self.window) / len(self.window)


def find_blocked(requests, blocklist):
    blocked = set(blocklist)
    return [r for r in requests if r in blocked]


def top_k(values, k):
    if k <= 0:
        return []
    return heapq.nlargest(k, values)
