# wrong: CREATE INDEX without IF NOT EXISTS, so calling create_indexes a second time raises OperationalError
"""Indexes and EXPLAIN QUERY PLAN: make the given queries use your indexes.

Everything except `create_indexes` is provided: do not change it.
"""
import sqlite3
from datetime import datetime, timedelta

STATUSES = ("pending", "paid", "shipped", "cancelled")

# The queries the application runs. Your indexes must serve them as they are.
ORDERS_QUERY = (
    "SELECT id, created_at, total FROM orders "
    "WHERE customer_id = ? AND status = ? ORDER BY created_at"
)
SPENT_QUERY = "SELECT COALESCE(SUM(total), 0) FROM orders WHERE customer_id = ?"
EMAIL_QUERY = "SELECT id, name FROM customers WHERE lower(email) = lower(?)"


def make_db(n_customers=50, n_orders=2000):
    """Return a new in-memory shop with deterministic data and no indexes (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE customers (
            id    INTEGER PRIMARY KEY,
            email TEXT NOT NULL,
            name  TEXT NOT NULL
        );
        CREATE TABLE orders (
            id          INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers(id),
            status      TEXT NOT NULL,
            created_at  TEXT NOT NULL,     -- ISO timestamp, unique per order here
            total       INTEGER NOT NULL   -- cents
        );
        """
    )
    conn.executemany(
        "INSERT INTO customers VALUES (?, ?, ?)",
        [(i, f"User{i}@Example.com", f"Customer {i}") for i in range(1, n_customers + 1)],
    )
    start = datetime(2024, 1, 1)
    conn.executemany(
        "INSERT INTO orders VALUES (?, ?, ?, ?, ?)",
        [
            (
                j,
                (j * 7) % n_customers + 1,
                STATUSES[(j // 50) % 4],
                (start + timedelta(minutes=(j * 7919) % 100_000)).isoformat(),
                (j * 37) % 500 + 1,
            )
            for j in range(1, n_orders + 1)
        ],
    )
    conn.commit()
    return conn


def find_orders(conn, customer_id, status):
    """Run ORDERS_QUERY (provided)."""
    return conn.execute(ORDERS_QUERY, (customer_id, status)).fetchall()


def total_spent(conn, customer_id):
    """Run SPENT_QUERY (provided)."""
    return conn.execute(SPENT_QUERY, (customer_id,)).fetchone()[0]


def find_customer(conn, email):
    """Run EMAIL_QUERY: (id, name) of the customer with this email, any case, or None (provided)."""
    return conn.execute(EMAIL_QUERY, (email,)).fetchone()


def create_indexes(conn):
    """Create the two indexes described in the README:

    - idx_orders_customer_status: ORDERS_QUERY and SPENT_QUERY search it, as a
      covering index, and ORDERS_QUERY needs no separate sort;
    - idx_customers_email: EMAIL_QUERY searches it, and it makes emails
      unique regardless of case.

    Calling it twice must be harmless.
    """
    conn.executescript(
        """
        CREATE INDEX idx_orders_customer_status ON orders (customer_id, status, created_at, total);
        CREATE UNIQUE INDEX idx_customers_email ON customers (lower(email));
        """
    )
