# wrong: busiest_window counts events per fixed bucket t // width (a Counter, linear), which misses the busy windows that straddle two buckets
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
    if width <= 0:
        return 0
    buckets = Counter(t // width for t in timestamps)
    return max(buckets.values(), default=0)
