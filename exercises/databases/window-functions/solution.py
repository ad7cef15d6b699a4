"""Window functions: running totals and rankings per group, in SQL.

Each function must run ONE SQL statement that uses a window function
(`... OVER (PARTITION BY ... ORDER BY ...)`); do the work in SQL, not in Python.

`make_db` is provided: do not change it.
"""
import sqlite3

SALES = [
    # (id, region, rep, day, amount)
    (1, "north", "alice", "2024-01-01", 100),
    (2, "north", "bob", "2024-01-01", 50),
    (3, "north", "alice", "2024-01-02", 30),
    (4, "north", "carol", "2024-01-03", 110),
    (5, "north", "bob", "2024-01-03", 60),
    (6, "north", "dan", "2024-01-04", 50),
    (7, "south", "dave", "2024-01-01", 200),
    (8, "south", "erin", "2024-01-02", 120),
    (9, "south", "frank", "2024-01-02", 80),
    (10, "south", "erin", "2024-01-04", 10),
    (11, "west", "gina", "2024-01-05", 40),
]


def make_db(sales=SALES):
    """Return a new in-memory database whose `sales` table holds `sales` (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        """
        CREATE TABLE sales (
            id     INTEGER PRIMARY KEY,
            region TEXT NOT NULL,
            rep    TEXT NOT NULL,
            day    TEXT NOT NULL,      -- 'YYYY-MM-DD'
            amount INTEGER NOT NULL    -- cents
        )
        """
    )
    conn.executemany("INSERT INTO sales VALUES (?, ?, ?, ?, ?)", sales)
    conn.commit()
    return conn


def running_totals(conn):
    """Return [(region, day, amount, running_total), ...] for every sale.

    running_total is the sum of the amounts of the region's sales up to and
    including this one, taking sales in (day, id) order. Rows are ordered by
    region, day, id.
    """
    raise NotImplementedError


def rep_ranking(conn):
    """Return [(region, rep, total, rank), ...]: one row per rep per region.

    total is the rep's total amount in that region; rank ranks the reps of a
    region by total, highest first, with RANK() semantics (ties share a rank
    and the next rank skips: 1, 2, 2, 4). Rows are ordered by region, rank, rep.
    """
    raise NotImplementedError


def top_reps(conn, n):
    """Return [(region, rep, total), ...] for the reps whose rank (as in
    rep_ranking) is at most n in their region, ties included.

    Rows are ordered by region, rank, rep. n >= 1.
    """
    raise NotImplementedError
