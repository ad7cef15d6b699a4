# wrong: customer_totals reads every table and adds the totals up in Python: four queries and the whole database read, instead of one aggregate query
"""A normalised e-commerce schema that the database itself keeps consistent.

Reference solution. Each fact lives in one place (3NF): a customer's email in
customers, a product's current price in products, and the price actually
paid in order_items (it is a fact about the sale, not about the product).
Constraints make the database reject bad rows itself, whatever code writes
to it.
"""
import sqlite3


SCHEMA = """
CREATE TABLE customers (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    -- no ON DELETE clause: deleting a customer who has orders is an error
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled'))
);

-- The many-to-many link between orders and products, with its own facts.
CREATE TABLE order_items (
    order_id         INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id       INTEGER NOT NULL REFERENCES products(id),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, product_id)   -- one line per product per order
);
"""


def connect():
    """Return a new in-memory database with foreign keys enforced and the
    four tables of the README (customers, products, orders, order_items)
    created, with every constraint it lists.
    """
    conn = sqlite3.connect(":memory:")
    # SQLite parses REFERENCES clauses but ignores them unless this pragma is
    # on, and it is off by default, per connection.
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    return conn


def customer_totals(conn):
    customers = conn.execute("SELECT id, email FROM customers").fetchall()
    orders = conn.execute("SELECT id, customer_id, status FROM orders").fetchall()
    items = conn.execute("SELECT order_id, quantity, unit_price_cents FROM order_items").fetchall()
    live = {oid: cid for oid, cid, status in orders if status != 'cancelled'}
    counts, totals = {}, {}
    for oid, cid in live.items():
        counts[cid] = counts.get(cid, 0) + 1
    for oid, q, p in items:
        if oid in live:
            totals[live[oid]] = totals.get(live[oid], 0) + q * p
    rows = [(email, counts.get(cid, 0), totals.get(cid, 0)) for cid, email in customers]
    return sorted(rows, key=lambda r: (-r[2], r[0]))


def seed(conn):
    """Insert the sample data (provided)."""
    conn.executemany(
        "INSERT INTO customers (id, email, name) VALUES (?, ?, ?)",
        [
            (1, "ann@example.com", "Ann"),
            (2, "bob@example.com", "Bob"),
            (3, "cy@example.com", "Cy"),
            (4, "dee@example.com", "Dee"),
        ],
    )
    conn.executemany(
        "INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)",
        [
            (1, "KB-01", "Keyboard", 4500),
            (2, "MS-01", "Mouse", 2000),
            (3, "MN-27", "Monitor", 19900),
        ],
    )
    conn.executemany(
        "INSERT INTO orders (id, customer_id, status) VALUES (?, ?, ?)",
        [
            (1, 1, "paid"),
            (2, 1, "shipped"),
            (3, 2, "paid"),
            (4, 2, "cancelled"),
            (5, 3, "pending"),  # no items yet
        ],
    )
    conn.executemany(
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) "
        "VALUES (?, ?, ?, ?)",
        [
            (1, 1, 1, 4500),
            (1, 2, 2, 1800),  # sold at a discount: the price paid is kept per item
            (2, 3, 1, 19900),
            (3, 2, 3, 2000),
            (4, 3, 1, 19900),
        ],
    )
    conn.commit()
