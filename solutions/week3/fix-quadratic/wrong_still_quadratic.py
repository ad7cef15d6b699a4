# wrong: dedupe "uses a set" but rebuilds it from the list on every element, so it is still quadratic (count_pairs is fine)
from collections import Counter


def dedupe(items, key=None):
    seen_keys = []
    result = []
    for item in items:
        k = item if key is None else key(item)
        if k not in set(seen_keys):
            seen_keys.append(k)
            result.append(item)
    return result


def count_pairs(nums, target):
    seen = Counter()
    count = 0
    for x in nums:
        count += seen[target - x]
        seen[x] += 1
    return count
