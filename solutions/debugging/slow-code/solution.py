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
    """Return the k users who visited the most *distinct* pages.

    visits: a list of (user, page) pairs, in the order they happened; the
    same user may visit the same page many times.
    Ties are broken by user name, ascending. Fewer than k users: all of them.
    """
    pages_by_user = defaultdict(set)  # user -> distinct pages: O(1) add and membership
    for user, page in visits:
        pages_by_user[user].add(page)

    # Most pages first, then user name ascending. nsmallest is O(u log k);
    # sorted(...)[:k] would do as well here.
    return heapq.nsmallest(
        max(k, 0), pages_by_user, key=lambda user: (-len(pages_by_user[user]), user)
    )
