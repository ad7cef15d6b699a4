# wrong: makes (user_id, is_default) unique: one default address per user, but also only one non-default one
"""A shop's schema, whole: categories, addresses, stock and an atomic reserve.

Reference solution.
"""
import sqlite3


class OutOfStock(Exception):
    """Not enough stock for a sku (provided)."""


SCHEMA = """
CREATE TABLE users (
    id    INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE
);
CREATE TABLE addresses (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    line       TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
);
-- A partial unique index: unique among the rows it covers only, so each
-- user has at most one default address and any number of others.
CREATE UNIQUE INDEX one_default_address ON addresses (user_id, is_default);

CREATE TABLE categories (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES categories(id)          -- a tree: NULL at the top
);
CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);
CREATE TABLE product_categories (                       -- many-to-many
    product_id  INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (product_id, category_id)
);
-- One row per product (1:1), kept apart from the catalogue: it changes on
-- every sale. The CHECK is the inventory rule, enforced for every writer.
CREATE TABLE stock (
    product_id INTEGER PRIMARY KEY REFERENCES products(id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity >= 0)
);
CREATE TABLE orders (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    address_id INTEGER NOT NULL REFERENCES addresses(id)
);
CREATE TABLE order_items (
    order_id         INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id       INTEGER NOT NULL REFERENCES products(id),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    PRIMARY KEY (order_id, product_id)
);
"""


def connect():
    """A new in-memory database, foreign keys on, with the README's eight tables."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.executescript(SCHEMA)
    return conn


def reserve(conn, user_id, address_id, items):
    """Create an order for {sku: quantity} and take the stock, all or nothing; return its id."""
    for sku, qty in items.items():
        if isinstance(qty, bool) or not isinstance(qty, int) or qty <= 0:
            raise ValueError(f"bad quantity for {sku}: {qty!r}")
    with conn:  # one transaction: COMMIT on success, ROLLBACK if anything raises
        owner = conn.execute("SELECT user_id FROM addresses WHERE id = ?", (address_id,)).fetchone()
        if owner is None or owner[0] != user_id:
            raise ValueError(f"address {address_id} is not one of user {user_id}'s")
        order_id = conn.execute(
            "INSERT INTO orders (user_id, address_id) VALUES (?, ?)", (user_id, address_id)
        ).lastrowid
        for sku, qty in items.items():
            row = conn.execute("SELECT id, price_cents FROM products WHERE sku = ?", (sku,)).fetchone()
            if row is None:
                raise KeyError(sku)
            product_id, price = row
            try:
                # The database checks and subtracts in one step; no read of
                # the quantity in Python that another order could outdate.
                taken = conn.execute(
                    "UPDATE stock SET quantity = quantity - ? WHERE product_id = ?",
                    (qty, product_id),
                ).rowcount
            except sqlite3.IntegrityError:  # CHECK (quantity >= 0) refused
                raise OutOfStock(sku) from None
            if taken == 0:  # no stock row at all: nothing to sell
                raise OutOfStock(sku)
            conn.execute(
                "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) "
                "VALUES (?, ?, ?, ?)",
                (order_id, product_id, qty, price),
            )
    return order_id


def category_products(conn, name):
    """Sorted skus of the products in category `name` or any sub-category."""
    rows = conn.execute(
        """
        WITH RECURSIVE tree(id) AS (
            SELECT id FROM categories WHERE name = ?
            UNION
            SELECT c.id FROM categories AS c JOIN tree ON c.parent_id = tree.id
        )
        SELECT DISTINCT p.sku
        FROM tree
        JOIN product_categories AS pc ON pc.category_id = tree.id
        JOIN products AS p ON p.id = pc.product_id
        ORDER BY p.sku
        """,
        (name,),
    )
    return [sku for (sku,) in rows]


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
