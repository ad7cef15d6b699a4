# wrong: top_reps ranks with a correlated COUNT subquery instead of a window function (quadratic, and no OVER anywhere)
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
    """Return [(region, day, amount, running_total), ...] for every sale.

    running_total is the sum of the amounts of the region's sales up to and
    including this one, taking sales in (day, id) order. Rows are ordered by
    region, day, id.
    """
    # With ORDER BY, the default frame is RANGE BETWEEN UNBOUNDED PRECEDING
    # AND CURRENT ROW, which treats rows with equal sort keys as peers and sums
    # them all at once. Adding the unique id to the ORDER BY (and spelling out
    # ROWS) makes each row add only its own amount.
    return conn.execute(
        """
        SELECT region, day, amount,
               SUM(amount) OVER (
                   PARTITION BY region
                   ORDER BY day, id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
               ) AS running_total
        FROM sales
        ORDER BY region, day, id
        """
    ).fetchall()


# Totals per rep first (GROUP BY), then rank those totals within each region.
# Window functions run after GROUP BY, so RANK() can order by SUM(amount).
_RANKING = """
    SELECT region, rep, SUM(amount) AS total,
           RANK() OVER (PARTITION BY region ORDER BY SUM(amount) DESC) AS rnk
    FROM sales
    GROUP BY region, rep
"""


def rep_ranking(conn):
    """Return [(region, rep, total, rank), ...]: one row per rep per region.

    total is the rep's total amount in that region; rank ranks the reps of a
    region by total, highest first, with RANK() semantics (ties share a rank
    and the next rank skips: 1, 2, 2, 4). Rows are ordered by region, rank, rep.
    """
    return conn.execute(_RANKING + " ORDER BY region, rnk, rep").fetchall()


def top_reps(conn, n):
    return conn.execute(
        """
        WITH totals AS (SELECT region, rep, SUM(amount) AS total FROM sales GROUP BY region, rep)
        SELECT region, rep, total FROM (
            SELECT t.region, t.rep, t.total,
                   1 + (SELECT COUNT(*) FROM totals AS o
                        WHERE o.region = t.region AND o.total > t.total) AS rnk
            FROM totals AS t
        ) WHERE rnk <= ? ORDER BY region, rnk, rep
        """,
        (n,),
    ).fetchall()
