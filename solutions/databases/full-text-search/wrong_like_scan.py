# wrong: searches with LIKE '%word%' on the articles table: no stems (indexing does not find indexes), substrings match inside other words, and nothing is ranked
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
    """Create the FTS5 index articles_fts over articles(title, body), fill it, and
    keep it in sync with articles (INSERT, UPDATE, DELETE) from now on."""
    conn.executescript(
        """
        -- An external-content table: the index refers to articles by rowid
        -- and stores no second copy of the text. The porter tokenizer
        -- indexes stems ('indexing', 'indexes' -> 'index').
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body,
            content='articles', content_rowid='id',
            tokenize='porter unicode61'
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

        -- An external-content index is not updated by itself: triggers do it.
        -- Removing a row from it takes the special 'delete' command with the
        -- OLD values (the index needs them to find the tokens to drop).
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
            INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
        END;
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
    words = re.findall(r"\w+", text)
    if not words:
        return []
    where = " AND ".join("(title LIKE ? OR body LIKE ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    return conn.execute(f"SELECT id, title FROM articles WHERE {where} ORDER BY id LIMIT ?", (*params, limit)).fetchall()


def snippets(conn, text, limit=10):
    """[(id, snippet of the body)] for the same matches, in the same order."""
    expression = _match_expression(text)
    if not expression:
        return []
    columns = "rowid, snippet(articles_fts, 1, '[', ']', '...', 6)"
    return conn.execute(_RANKED.format(columns=columns), (expression, limit)).fetchall()
