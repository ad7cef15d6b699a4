# wrong: the cursor is just the next OFFSET: the database reads and drops every earlier row, and a post inserted between two calls shifts the pages so one post is sent twice
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
    offset = 0
    if cursor is not None:
        try:
            offset = int(base64.urlsafe_b64decode(cursor.encode()))
        except Exception as e:
            raise ValueError("invalid cursor") from e
    rows = conn.execute(
        "SELECT id, created_at, title FROM posts ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (size + 1, offset),
    ).fetchall()
    if len(rows) <= size:
        return rows, None
    return rows[:size], base64.urlsafe_b64encode(str(offset + size).encode()).decode()
