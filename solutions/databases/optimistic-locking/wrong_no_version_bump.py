# wrong: save checks the version but never increments it, so a second writer holding the same old version is not refused
"""Optimistic locking with a version column.

Reference solution.
"""
import os
import sqlite3
import tempfile


class StaleWrite(Exception):
    """The document changed since it was read (provided)."""

    def __init__(self, doc_id, expected, current):
        super().__init__(f"document {doc_id} is at version {current}, not {expected}")
        self.current_version = current


def make_db(documents=((1, "Draft", "hello"),)):
    """Create a database file in a new temporary folder; return its path (provided)."""
    path = os.path.join(tempfile.mkdtemp(), "docs.db")
    conn = sqlite3.connect(path)
    conn.execute(
        """
        CREATE TABLE documents (
            id      INTEGER PRIMARY KEY,
            title   TEXT NOT NULL,
            body    TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1
        )
        """
    )
    conn.executemany("INSERT INTO documents (id, title, body) VALUES (?, ?, ?)", documents)
    conn.commit()
    conn.close()
    return path


def connect(path):
    """A connection in autocommit mode that never waits for a lock (provided)."""
    return sqlite3.connect(path, isolation_level=None, timeout=0)


def load(conn, doc_id):
    """(title, body, version) of the document; KeyError if there is none."""
    row = conn.execute(
        "SELECT title, body, version FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise KeyError(doc_id)
    return row


def save(conn, doc_id, title, body, version):
    cur = conn.execute(
        "UPDATE documents SET title = ?, body = ? WHERE id = ? AND version = ?",
        (title, body, doc_id, version),
    )
    if cur.rowcount == 1:
        return version + 1
    row = conn.execute("SELECT version FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise KeyError(doc_id)
    raise StaleWrite(doc_id, version, row[0])


def edit(conn, doc_id, change, attempts=3):
    """load, change(title, body) -> (title, body), save; on StaleWrite reload and
    retry, up to `attempts` calls of change in all. Return the new version."""
    for attempt in range(1, attempts + 1):
        title, body, version = load(conn, doc_id)  # fresh content every time
        new_title, new_body = change(title, body)
        try:
            return save(conn, doc_id, new_title, new_body, version)
        except StaleWrite:
            if attempt == attempts:
                raise
