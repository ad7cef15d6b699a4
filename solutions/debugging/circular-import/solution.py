"""Shop front: products and checkout.

Works together with inventory.py, which keeps the stock levels.

The bug was an import cycle: this module imported inventory at its top, and
inventory.py imports Product from this module at *its* top. Whichever module
Python starts executing first is registered in sys.modules half-built; the
other one then asks it for a name that has not been defined yet, and Python
raises "cannot import name ... from partially initialized module".

The fix: this module only needs inventory when new_inventory() or checkout()
actually runs, not while it is being defined, so the import moves into those
functions. By the time they run, both modules are complete, whichever was
imported first. (Other sound fixes: move Product into a third module that
both import, or have inventory.py import Product lazily instead.)
Moving the top-level import to the bottom of this file is NOT a fix: it only
works when this module happens to be imported before inventory.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    """Something we sell. Prices are in cents to avoid float rounding."""

    sku: str
    name: str
    price_cents: int


def new_inventory(*stock):
    """Build an Inventory from (product, quantity) pairs."""
    from inventory import Inventory  # deferred: inventory imports this module

    inv = Inventory()
    for product, qty in stock:
        inv.add(product, qty)
    return inv


def checkout(inv, cart):
    """Reserve every line of cart ({sku: quantity}) from inv, all or nothing.

    Returns the total price in cents, or None, leaving the stock exactly as
    it was, if any line cannot be served.
    """
    from inventory import OutOfStock  # deferred: inventory imports this module

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
