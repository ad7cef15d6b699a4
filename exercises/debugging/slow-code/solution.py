"""Which users explore the most of the site?"""


def top_explorers(visits, k):
    """Return the k users who visited the most *distinct* pages.

    visits: a list of (user, page) pairs, in the order they happened; the
    same user may visit the same page many times.
    Ties are broken by user name, ascending. Fewer than k users: all of them.
    """
    users = []
    for user, page in visits:
        if user not in users:
            users.append(user)

    scores = []
    for u in users:
        pages = []
        for user, page in visits:
            if user == u and page not in pages:
                pages.append(page)
        scores.append((len(pages), u))

    result = []
    while scores and len(result) < k:
        best = scores[0]
        for score in scores:
            if score[0] > best[0] or (score[0] == best[0] and score[1] < best[1]):
                best = score
        scores.remove(best)
        result.append(best[1])
    return result
