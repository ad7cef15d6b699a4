"""Fix the quadratic code: reference solution."""
from collections import Counter


def count_pairs(nums, target):
    # One pass: every earlier element equal to target - x forms a pair (i < j) with x.
    # Counting *before* adding x means x never pairs with itself.
    seen = Counter()
    count = 0
    for x in nums:
        count += seen[target - x]
        seen[x] += 1
    return count


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
