"""Fix the quadratic code: reference solution."""
from collections import Counter


def dedupe(items, key=None):
    # A set answers "seen before?" in O(1) on average; the list keeps the order.
    seen = set()
    result = []
    for item in items:
        k = item if key is None else key(item)
        if k not in seen:
            seen.add(k)
            result.append(item)
    return result


def count_pairs(nums, target):
    # One pass: every earlier element equal to target - x forms a pair (i < j) with x.
    # Counting *before* adding x means x never pairs with itself.
    seen = Counter()
    count = 0
    for x in nums:
        count += seen[target - x]
        seen[x] += 1
    return count
