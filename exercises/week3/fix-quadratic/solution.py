"""Fix the quadratic code (week 3, performance).

Both functions are correct but O(n^2). Make them O(n) without changing any result.
"""


def dedupe(items, key=None):
    """Return the items without duplicates, keeping first occurrences in order.

    With ``key``, ``a`` and ``b`` are duplicates when ``key(a) == key(b)``.
    """
    seen_keys = []
    result = []
    for item in items:
        k = item if key is None else key(item)
        if k not in seen_keys:          # scans the whole list every time
            seen_keys.append(k)
            result.append(item)
    return result


def count_pairs(nums, target):
    """Number of index pairs i < j with nums[i] + nums[j] == target."""
    count = 0
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                count += 1
    return count
