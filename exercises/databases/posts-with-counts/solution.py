"""Posts with their author and comment count, without N+1.

`make_db` is provided: do not change it. Rewrite the two functions below so
each runs ONE SQL statement whose rows are the result.
"""
import sqlite3

AUTHORS = [(1, "Ada"), (2, "Grace"), (3, "Linus")]
POSTS = [
    # (id, author_id, title, created_at)
    (1, 1, "Why indexes", "2024-03-01"),
    (2, 1, "Window functions", "2024-03-05"),
    (3, 2, "Async in practice", "2024-03-09"),
]
COMMENTS = [
    # (id, post_id, body)
    (1, 1, "Great"),
    (2, 2, "Thanks"),
    (3, 2, "Which version?"),
    (4, 2, "3.25+"),
]


def make_db(authors=AUTHORS, posts=POSTS, comments=COMMENTS):
    """Return a new in-memory blog database (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE authors  (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE posts    (id INTEGER PRIMARY KEY,
                               author_id INTEGER NOT NULL REFERENCES authors(id),
                               title TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE comments (id INTEGER PRIMARY KEY,
                               post_id INTEGER NOT NULL REFERENCES posts(id),
                               body TEXT NOT NULL);
        """
    )
    conn.executemany("INSERT INTO authors VALUES (?, ?)", authors)
    conn.executemany("INSERT INTO posts VALUES (?, ?, ?, ?)", posts)
    conn.executemany("INSERT INTO comments VALUES (?, ?, ?)", comments)
    conn.commit()
    return conn


def post_list(conn):
    """[(title, author name, comment count)] for every post, newest first (created_at, id)."""
    result = []
    for post_id, author_id, title in conn.execute(
        "SELECT id, author_id, title FROM posts ORDER BY created_at DESC, id DESC"
    ):
        (name,) = conn.execute("SELECT name FROM authors WHERE id = ?", (author_id,)).fetchone()
        (count,) = conn.execute("SELECT COUNT(*) FROM comments WHERE post_id = ?", (post_id,)).fetchone()
        result.append((title, name, count))
    return result


def author_stats(conn):
    """[(author name, post count, comment count)] for every author, busiest first."""
    result = []
    for author_id, name in conn.execute("SELECT id, name FROM authors"):
        posts = [pid for (pid,) in conn.execute("SELECT id FROM posts WHERE author_id = ?", (author_id,))]
        comments = 0
        for pid in posts:
            comments += conn.execute("SELECT COUNT(*) FROM comments WHERE post_id = ?", (pid,)).fetchone()[0]
        result.append((name, len(posts), comments))
    return sorted(result, key=lambda r: (-r[2], -r[1], r[0]))
