# wrong: uses an INNER JOIN, so authors without books disappear from the result
"""N+1 queries: load every author with their books in at most two queries.

The function below is correct but slow: it runs one query for the authors and
then one more query *per author* for the books (1 + N queries). Rewrite
`books_by_author` so it runs at most 2 SQL statements however many authors
there are, and returns exactly the same result.

`make_db` is provided: do not change it.
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
    """Return [(author_name, [book titles]), ...] for every author."""
    rows = conn.execute(
        """
        SELECT a.id, a.name, b.title
        FROM authors AS a
        JOIN books AS b ON b.author_id = a.id
        ORDER BY a.name, a.id, b.year, b.title
        """
    )
    result = []
    current_id = None
    for author_id, name, title in rows:
        if author_id != current_id:
            current_id = author_id
            titles = []
            result.append((name, titles))
        titles.append(title)
    return result
