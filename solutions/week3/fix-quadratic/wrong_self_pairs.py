# wrong: count_pairs counts c[x] * c[target - x] over all values and halves it, which pairs an element with itself when 2*x == target
from collections import Counter


def dedupe(items, key=None):
    seen = set()
    result = []
    for item in items:
        k = item if key is None else key(item)
        if k not in seen:
            seen.add(k)
            result.append(item)
    return result


def count_pairs(nums, target):
    counts = Counter(nums)
    total = 0
    for x, c in counts.items():
        total += c * counts[target - x]
    return total // 2
