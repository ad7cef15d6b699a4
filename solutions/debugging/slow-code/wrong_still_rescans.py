# wrong: correct, and tidier, but still walks the whole log once per user: O(n * users)
"""Which users explore the most of the site?"""


def top_explorers(visits, k):
    """Return the k users who visited the most *distinct* pages."""
    users = {user for user, _page in visits}
    distinct = {u: len({page for user, page in visits if user == u}) for u in users}
    return sorted(users, key=lambda u: (-distinct[u], u))[:k]
