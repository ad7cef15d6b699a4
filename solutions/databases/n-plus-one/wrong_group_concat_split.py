# wrong: GROUP_CONCAT of the titles split on ',' in Python: a title that holds a comma becomes two books
"""N+1 queries: load every author with their books in at most two queries.

Reference solution: one LEFT JOIN query, grouped in Python. (The other
classic fix is two queries: the authors, then all their books at once with
`WHERE author_id IN (...)`, which is what Django's prefetch_related does;
select_related is the JOIN.)
"""
import sqlite3

AUTHORS = [
    (1, "Ursula K. Le Guin"),
    (2, "Iain M. Banks"),
    (3, "Octavia E. Butler"),
    (4, "Ted Chiang"),
]

BOOKS = [
    (1, 1, "The Left Hand of Darkness", 1969),
    (2, 2, "The Player of Games", 1988),
    (3, 1, "The Dispossessed", 1974),
    (4, 3, "Kindred", 1979),
    (5, 1, "A Wizard of Earthsea", 1968),
    (6, 2, "Consider Phlebas", 1987),
]


def make_db(authors=AUTHORS, books=BOOKS):
    """Return a new in-memory database holding `authors` and `books` (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE authors (
            id   INTEGER PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE books (
            id        INTEGER PRIMARY KEY,
            author_id INTEGER NOT NULL REFERENCES authors(id),
            title     TEXT NOT NULL,
            year      INTEGER NOT NULL
        );
        """
    )
    conn.executemany("INSERT INTO authors (id, name) VALUES (?, ?)", authors)
    conn.executemany(
        "INSERT INTO books (id, author_id, title, year) VALUES (?, ?, ?, ?)", books
    )
    conn.commit()
    return conn


def books_by_author(conn):
    rows = conn.execute(
        """
        SELECT a.name, GROUP_CONCAT(b.title)
        FROM authors AS a
        LEFT JOIN (SELECT * FROM books ORDER BY year, title) AS b ON b.author_id = a.id
        GROUP BY a.id
        ORDER BY a.name, a.id
        """
    )
    return [(name, titles.split(",") if titles else []) for name, titles in rows]
