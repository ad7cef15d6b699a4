"""A shop's schema, whole: categories, addresses, stock and an atomic reserve.

`OutOfStock` and `seed` are provided: do not change them.
"""
import sqlite3


class OutOfStock(Exception):
    """Not enough stock for a sku (provided)."""


def connect():
    """A new in-memory database, foreign keys on, with the README's eight tables."""
    raise NotImplementedError


def reserve(conn, user_id, address_id, items):
    """Create an order for {sku: quantity} and take the stock, all or nothing; return its id."""
    raise NotImplementedError


def category_products(conn, name):
    """Sorted skus of the products in category `name` or any sub-category."""
    raise NotImplementedError


def seed(conn):
    """Insert the sample shop (provided)."""
    conn.executemany("INSERT INTO users (id, email) VALUES (?, ?)",
                     [(1, "ann@example.com"), (2, "bob@example.com")])
    conn.executemany(
        "INSERT INTO addresses (id, user_id, line, is_default) VALUES (?, ?, ?, ?)",
        [(1, 1, "1 Main St", 1), (2, 1, "2 Side St", 0), (3, 2, "3 High St", 1)],
    )
    conn.executemany(
        "INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?)",
        [(1, "Computers", None), (2, "Peripherals", 1), (3, "Input devices", 2),
         (4, "Displays", 2), (5, "Office", None)],
    )
    conn.executemany(
        "INSERT INTO products (id, sku, name, price_cents) VALUES (?, ?, ?, ?)",
        [(1, "KB-01", "Keyboard", 4500), (2, "MS-01", "Mouse", 2000),
         (3, "MN-27", "Monitor", 19900), (4, "DK-01", "Desk", 30000)],
    )
    conn.executemany(
        "INSERT INTO product_categories (product_id, category_id) VALUES (?, ?)",
        [(1, 3), (2, 3), (3, 4), (1, 5), (4, 5)],
    )
    conn.executemany("INSERT INTO stock (product_id, quantity) VALUES (?, ?)",
                     [(1, 5), (2, 10), (3, 2), (4, 0)])
    conn.commit()
