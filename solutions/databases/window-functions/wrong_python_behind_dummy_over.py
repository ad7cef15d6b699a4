# wrong: every function computes ranks and running sums in Python behind a dummy COUNT(*) OVER () so the statement merely mentions a window
"""Window functions: running totals and rankings per group, in SQL.

Reference solution. A window function computes a value for every row from a
"window" of related rows without collapsing them as GROUP BY does:
PARTITION BY says which rows belong together, ORDER BY orders them inside
the partition, and the frame clause says which of them count.
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
    rows = conn.execute(
        "SELECT region, day, amount, id, COUNT(*) OVER () FROM sales ORDER BY region, day, id"
    ).fetchall()
    out, totals = [], {}
    for region, day, amount, _id, _n in rows:
        totals[region] = totals.get(region, 0) + amount
        out.append((region, day, amount, totals[region]))
    return out


# Totals per rep first (GROUP BY), then rank those totals within each region.
# Window functions run after GROUP BY, so RANK() can order by SUM(amount).
_RANKING = """
    SELECT region, rep, SUM(amount) AS total,
           RANK() OVER (PARTITION BY region ORDER BY SUM(amount) DESC) AS rnk
    FROM sales
    GROUP BY region, rep
"""


def rep_ranking(conn):
    return _ranked(conn)


def top_reps(conn, n):
    return [(region, rep, total) for region, rep, total, rnk in _ranked(conn) if rnk <= n]


def _ranked(conn):
    rows = conn.execute(
        "SELECT region, rep, SUM(amount), COUNT(*) OVER () FROM sales GROUP BY region, rep"
    ).fetchall()
    by_region = {}
    for region, rep, total, _n in rows:
        by_region.setdefault(region, []).append((rep, total))
    out = []
    for region in sorted(by_region):
        reps = by_region[region]
        for rep, total in reps:
            rank = 1 + sum(1 for _, t in reps if t > total)
            out.append((region, rep, total, rank))
    out.sort(key=lambda r: (r[0], r[3], r[1]))
    return out
