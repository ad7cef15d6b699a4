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
    """Return [(author_name, [book titles]), ...] for every author.

    Authors are ordered by name, then id; each author's titles are ordered by
    year, then title; an author without books gets an empty list.
    """
    # LEFT JOIN keeps authors without books (their book columns are NULL).
    # Ordering by author id right after the name keeps each author's rows
    # together even when two authors share a name.
    rows = conn.execute(
        """
        SELECT a.id, a.name, b.title
        FROM authors AS a
        LEFT JOIN books AS b ON b.author_id = a.id
        ORDER BY a.name, a.id, b.year, b.title
        """
    )
    result = []
    current_id = None
    titles = []
    for author_id, name, title in rows:
        if author_id != current_id:  # first row of a new author
            current_id = author_id
            titles = []
            result.append((name, titles))
        if title is not None:  # NULL: the LEFT JOIN found no book
            titles.append(title)
    return result
