# wrong: counts posts with COUNT(p.id): joined with the comments, each post is repeated once per comment, so the post count is inflated
"""Posts with their author and comment count, without N+1.

Reference solution: what Django's
`Post.objects.select_related('author').annotate(comment_count=Count('comments'))`
sends to the database, written by hand.
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
    # JOIN authors: every post has exactly one (select_related). LEFT JOIN
    # comments: a post without comments still gives one row, whose c.id is
    # NULL, so COUNT(c.id) is 0 there where COUNT(*) would say 1.
    return conn.execute(
        """
        SELECT p.title, a.name, COUNT(c.id)
        FROM posts AS p
        JOIN authors AS a ON a.id = p.author_id
        LEFT JOIN comments AS c ON c.post_id = p.id
        GROUP BY p.id
        ORDER BY p.created_at DESC, p.id DESC
        """
    ).fetchall()


def author_stats(conn):
    """[(author name, post count, comment count)] for every author, busiest first."""
    # Joining posts AND comments repeats each post once per comment: count
    # DISTINCT post ids. LEFT JOINs keep the authors without posts.
    return conn.execute(
        """
        SELECT a.name, COUNT(p.id) AS n_posts, COUNT(c.id) AS n_comments
        FROM authors AS a
        LEFT JOIN posts AS p ON p.author_id = a.id
        LEFT JOIN comments AS c ON c.post_id = p.id
        GROUP BY a.id
        ORDER BY n_comments DESC, n_posts DESC, a.name
        """
    ).fetchall()
