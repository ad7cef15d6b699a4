"""Keyset (cursor) pagination. `make_db` is provided: do not change it."""
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


def page(conn, size, cursor=None):
    """Return (rows, next_cursor): up to `size` posts (id, created_at, title),
    newest first (created_at DESC, id DESC), after the position `cursor`
    (None: from the start). next_cursor is None exactly when no row follows."""
    raise NotImplementedError
