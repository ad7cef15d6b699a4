# wrong: busiest_window counts a closed window [t, t + width]: an event exactly width later is counted in the same window
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
    best = 0
    end = 0
    n = len(timestamps)
    for start, t in enumerate(timestamps):
        end = max(end, start)
        while end < n and timestamps[end] <= t + width:
            end += 1
        best = max(best, end - start)
    return best
