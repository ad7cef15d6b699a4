# wrong: fills the index once and never keeps it in sync: new, edited and deleted articles are searched as they were
"""Full-text search with SQLite FTS5.

Reference solution.
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
    conn.executescript(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body,
            content='articles', content_rowid='id',
            tokenize='porter unicode61'
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        """
    )


def _match_expression(text):
    # User text is never FTS5 syntax: keep its words only and quote each one,
    # so that AND, NEAR, '*', '"' or '-' in a search box are plain text.
    # Space-separated phrases are ANDed: every word must match.
    words = re.findall(r"\w+", text)
    return " ".join('"' + w + '"' for w in words)


_RANKED = """
    SELECT {columns}
    FROM articles_fts
    WHERE articles_fts MATCH ?
    ORDER BY bm25(articles_fts, 10.0, 1.0), rowid
    LIMIT ?
"""


def search(conn, text, limit=10):
    """[(id, title)] of the articles matching every word of `text` (by stem),
    best first (bm25, title weighted 10, body 1), ties by id; at most `limit`."""
    expression = _match_expression(text)
    if not expression:
        return []
    return conn.execute(_RANKED.format(columns="rowid, title"), (expression, limit)).fetchall()


def snippets(conn, text, limit=10):
    """[(id, snippet of the body)] for the same matches, in the same order."""
    expression = _match_expression(text)
    if not expression:
        return []
    columns = "rowid, snippet(articles_fts, 1, '[', ']', '...', 6)"
    return conn.execute(_RANKED.format(columns=columns), (expression, limit)).fetchall()
