"""The lost update: see it, then prevent it.

`make_db`, `connect`, `balance` and `unsafe_deposit` are provided: do not change them.
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
    raise NotImplementedError


def apply(conn, account, func):
    """Set the balance to func(balance) under the write lock taken before reading;
    return the new balance. Roll back and re-raise on any failure."""
    raise NotImplementedError
