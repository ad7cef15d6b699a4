"""Full-text search with SQLite FTS5.

`make_db` is provided: do not change it.
"""
import re
import sqlite3

ARTICLES = [
    # (id, title, body)
    (1, "Why indexes matter", "A query that filters on an unindexed column scans the whole table."),
    (2, "Window functions", "Running totals and rankings without collapsing rows: the OVER clause."),
    (3, "Tuning slow queries", "Read the query plan first. An index on the filtered columns turns a scan "
        "into a search; a covering index avoids reading the table; indexing every column slows "
        "every write, so index what the queries need."),
    (4, "Transactions", "Atomicity: both updates or neither. Isolation: what concurrent transactions see."),
    (5, "Full-text search", "Tokenizers split text into words; stemming makes running match run."),
    (6, "Running Postgres in Docker", "Volumes keep the data when the container is replaced."),
]


def make_db(articles=ARTICLES):
    """Return a new in-memory database of articles (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)")
    conn.executemany("INSERT INTO articles VALUES (?, ?, ?)", articles)
    conn.commit()
    return conn


def create_index(conn):
    """Create the FTS5 index articles_fts over articles(title, body), fill it, and
    keep it in sync with articles (INSERT, UPDATE, DELETE) from now on."""
    raise NotImplementedError


def search(conn, text, limit=10):
    """[(id, title)] of the articles matching every word of `text` (by stem),
    best first (bm25, title weighted 10, body 1), ties by id; at most `limit`."""
    raise NotImplementedError


def snippets(conn, text, limit=10):
    """[(id, snippet of the body)] for the same matches, in the same order."""
    raise NotImplementedError
