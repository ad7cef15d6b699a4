# wrong: apply opens a plain BEGIN (DEFERRED): it holds only a read lock after its SELECT, so the other writer is not refused up front and apply's own UPDATE then fails on the lock
"""The lost update: see it, then prevent it.

Reference solution.
"""
import os
import sqlite3
import tempfile


def make_db(accounts=(("alice", 100), ("bob", 50))):
    """Create a database file in a new temporary folder; return its path (provided)."""
    path = os.path.join(tempfile.mkdtemp(), "bank.db")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL)")
    conn.executemany("INSERT INTO accounts VALUES (?, ?)", accounts)
    conn.commit()
    conn.close()
    return path


def connect(path):
    """Autocommit (you issue BEGIN/COMMIT), and never wait for a lock (provided)."""
    return sqlite3.connect(path, isolation_level=None, timeout=0)


def balance(conn, account):
    """The account's balance (provided)."""
    return conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()[0]


def unsafe_deposit(conn, account, amount):
    """Read, add in Python, write back: loses concurrent updates (provided, as the bad example)."""
    (current,) = conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()
    conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (current + amount, account))


def deposit(conn, account, amount):
    """Add amount to the account in one UPDATE statement; KeyError if there is no such account."""
    # The read and the write happen inside one statement, under one lock:
    # there is no moment at which another writer could slip in.
    cur = conn.execute(
        "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, account)
    )
    if cur.rowcount == 0:
        raise KeyError(account)


def apply(conn, account, func):
    conn.execute("BEGIN")
    try:
        row = conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()
        if row is None:
            raise KeyError(account)
        new_balance = func(row[0])
        conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (new_balance, account))
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return new_balance
