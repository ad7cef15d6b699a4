# wrong: keeps a running total with deque(maxlen=size), which silently drops the oldest value without subtracting it
import heapq
from collections import deque


class MovingAverage:
    def __init__(self, size):
        if size < 1:
            raise ValueError("size must be at least 1")
        self.window = deque(maxlen=size)
        self.total = 0

    def add(self, value):
        self.window.append(value)
        self.total += value
        return self.total / len(self.window)


def find_blocked(requests, blocklist):
    blocked = set(blocklist)
    return [r for r in requests if r in blocked]


def top_k(values, k):
    if k <= 0:
        return []
    return heapq.nlargest(k, values)
