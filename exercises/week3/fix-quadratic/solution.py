"""Fix the quadratic code (week 3, performance).

Both functions are correct but O(n^2). Make them O(n) without changing any result.
"""


def count_pairs(nums, target):
    """Number of index pairs i < j with nums[i] + nums[j] == target."""
    count = 0
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                count += 1
    return count


def busiest_window(timestamps, width):
    """Largest number of events in a window [t, t + width) starting at an event t.

    ``timestamps`` is sorted (non-decreasing).
    """
    best = 0
    for i in range(len(timestamps)):
        count = 0
        for j in range(i, len(timestamps)):     # starts again at i every time
            if timestamps[j] >= timestamps[i] + width:
                break                           # sorted: no later event fits either
            count += 1
        best = max(best, count)
    return best
