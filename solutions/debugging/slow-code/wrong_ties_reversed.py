# wrong: fast, but reverse=True also reverses the tie-break on user names
"""Which users explore the most of the site?"""
from collections import defaultdict


def top_explorers(visits, k):
    """Return the k users who visited the most *distinct* pages."""
    pages_by_user = defaultdict(set)
    for user, page in visits:
        pages_by_user[user].add(page)
    ranked = sorted(pages_by_user, key=lambda user: (len(pages_by_user[user]), user), reverse=True)
    return ranked[:k]
