# wrong: dedupe goes through a set, which loses the original order (and ignores which element came first)
from collections import Counter


def dedupe(items, key=None):
    if key is None:
        return list(set(items))
    by_key = {}
    for item in items:
        by_key[key(item)] = item   # the last one wins
    return list(by_key.values())


def count_pairs(nums, target):
    seen = Counter()
    count = 0
    for x in nums:
        count += seen[target - x]
        seen[x] += 1
    return count
