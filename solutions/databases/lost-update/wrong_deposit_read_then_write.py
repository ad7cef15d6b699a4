# wrong: deposit reads the balance and writes balance + amount back, as unsafe_deposit does: a concurrent deposit between the two statements is lost
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
    row = conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()
    if row is None:
        raise KeyError(account)
    conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (row[0] + amount, account))


def apply(conn, account, func):
    """Set the balance to func(balance) under the write lock taken before reading;
    return the new balance. Roll back and re-raise on any failure."""
    # BEGIN IMMEDIATE takes SQLite's write lock now, before the SELECT. A
    # plain (deferred) BEGIN would only take a read lock at the SELECT, and
    # another connection could still write before our UPDATE.
    conn.execute("BEGIN IMMEDIATE")  # raises "database is locked" if someone holds it
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
