"""A normalised e-commerce schema that the database itself keeps consistent.

Write `connect` (schema + foreign keys) and the `customer_totals` report.
`seed` is provided: do not change it.
"""
import sqlite3


def connect():
    """Return a new in-memory database with foreign keys enforced and the
    four tables of the README (customers, products, orders, order_items)
    created, with every constraint it lists.
    """
    raise NotImplementedError


def customer_totals(conn):
    """Return [(email, order_count, total_cents), ...] for every customer.

    Cancelled orders do not count at all. order_count is the number of the
    customer's other orders (an order without items counts); total_cents is
    the sum of quantity * unit_price_cents over their items. Customers
    without orders appear with 0 and 0. Ordered by total_cents descending,
    then email.
    """
    raise NotImplementedError


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
