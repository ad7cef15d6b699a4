# wrong: wraps the top-level import in try/except ImportError, so the names are None whenever the cycle bites (inventory imported first) and checkout breaks later
"""Shop front: products and checkout.

Works together with inventory.py, which keeps the stock levels.
"""
from dataclasses import dataclass

try:
    from inventory import Inventory, OutOfStock
except ImportError:  # "fixed": the cycle no longer crashes the import
    Inventory = OutOfStock = None


@dataclass(frozen=True)
class Product:
    """Something we sell. Prices are in cents to avoid float rounding."""

    sku: str
    name: str
    price_cents: int


def new_inventory(*stock):
    """Build an Inventory from (product, quantity) pairs."""
    inv = Inventory()
    for product, qty in stock:
        inv.add(product, qty)
    return inv


def checkout(inv, cart):
    """Reserve every line of cart ({sku: quantity}) from inv, all or nothing.

    Returns the total price in cents, or None, leaving the stock exactly as
    it was, if any line cannot be served.
    """
    reserved = []
    total = 0
    try:
        for sku, qty in sorted(cart.items()):
            product = inv.reserve(sku, qty)
            reserved.append((product, qty))
            total += product.price_cents * qty
    except OutOfStock:
        for product, qty in reserved:  # put back what we already took
            inv.add(product, qty)
        return None
    return total
