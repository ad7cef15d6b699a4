# wrong: linear, but reads the log twice (once for the users, once for their pages): with a generator the second pass finds nothing
"""Which users explore the most of the site?

The original was O(n * u) and worse: `user not in users` scans a list on
every visit, then the whole log was walked once *per user*, with another
list scan (`page not in pages`) inside, and the top k were picked by k
repeated linear scans. One pass that fills a dict of sets does all the
counting in O(n); a single sort with a key handles the ranking and the ties.
"""
from collections import defaultdict
import heapq


def top_explorers(visits, k):
    """Return the k users who visited the most *distinct* pages."""
    pages_by_user = {user: set() for user, _ in visits}
    for user, page in visits:
        pages_by_user[user].add(page)
    return heapq.nsmallest(
        max(k, 0), pages_by_user, key=lambda user: (-len(pages_by_user[user]), user)
    )
