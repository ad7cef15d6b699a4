# wrong: count_pairs counts c[x] * c[target - x] over all values and halves it, which pairs an element with itself when 2*x == target
from collections import Counter


def count_pairs(nums, target):
    counts = Counter(nums)
    total = 0
    for x, c in counts.items():
        total += c * counts[target - x]
    return total // 2


def busiest_window(timestamps, width):
    # Two pointers: the window is timestamps[start:end]. When start moves right,
    # t grows, so the first event outside [t, t + width) can only be further
    # right: end never moves back, and both indexes walk the list once, O(n).
    best = 0
    end = 0
    n = len(timestamps)
    for start, t in enumerate(timestamps):
        end = max(end, start)       # an empty window (width <= 0) starts at start
        while end < n and timestamps[end] < t + width:
            end += 1
        best = max(best, end - start)
    return best
