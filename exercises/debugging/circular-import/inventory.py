"""Stock levels for the shop's products (the Product class lives in solution.py)."""
from solution import Product


class OutOfStock(Exception):
    """Raised when a reservation asks for more than is in stock."""


class Inventory:
    """How many units of each product are in stock."""

    def __init__(self):
        self._stock = {}  # sku -> [Product, quantity]

    def add(self, product, qty):
        """Add qty units of product (a Product) to the stock."""
        if not isinstance(product, Product):
            raise TypeError(f"expected a Product, got {type(product).__name__}")
        if qty < 0:
            raise ValueError("quantity must be >= 0")
        entry = self._stock.setdefault(product.sku, [product, 0])
        entry[1] += qty

    def available(self, sku):
        """Units of sku in stock (0 for an unknown sku)."""
        entry = self._stock.get(sku)
        return entry[1] if entry else 0

    def reserve(self, sku, qty):
        """Take qty units of sku out of the stock and return its Product.

        Raises OutOfStock (and takes nothing) if there are fewer than qty.
        """
        entry = self._stock.get(sku)
        if entry is None or qty > entry[1]:
            raise OutOfStock(f"{sku}: wanted {qty}, have {self.available(sku)}")
        entry[1] -= qty
        return entry[0]
