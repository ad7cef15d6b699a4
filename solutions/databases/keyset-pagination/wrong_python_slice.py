# wrong: reads every post in one query and finds the page in Python: correct pages, but each request reads the whole table
"""Keyset (cursor) pagination.

Reference solution.
"""
import base64
import json
import sqlite3

POSTS = [
    # (id, created_at, title)
    (1, "2024-03-01", "a"),
    (2, "2024-03-01", "b"),
    (3, "2024-03-02", "c"),
    (4, "2024-03-02", "d"),
    (5, "2024-03-02", "e"),
    (6, "2024-03-03", "f"),
    (7, "2024-03-03", "g"),
]


def make_db(posts=POSTS):
    """Return a new in-memory database of posts, with its index (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE posts (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, title TEXT NOT NULL);
        CREATE INDEX idx_posts_created ON posts (created_at, id);
        """
    )
    conn.executemany("INSERT INTO posts VALUES (?, ?, ?)", posts)
    conn.commit()
    return conn


def _encode(created_at, post_id):
    raw = json.dumps([created_at, post_id]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode(cursor):
    try:
        created_at, post_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError, AttributeError) as e:  # bad base64, bad JSON, wrong shape
        raise ValueError(f"invalid cursor: {cursor!r}") from e
    if not isinstance(created_at, str) or type(post_id) is not int:
        raise ValueError(f"invalid cursor: {cursor!r}")
    return created_at, post_id


def page(conn, size, cursor=None):
    if type(size) is not int or size < 1:
        raise ValueError("size must be a positive int")
    rows = conn.execute("SELECT id, created_at, title FROM posts ORDER BY created_at DESC, id DESC").fetchall()
    if cursor is not None:
        key = _decode(cursor)
        rows = [r for r in rows if (r[1], r[0]) < key]
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    return rows, _encode(rows[-1][1], rows[-1][0])
