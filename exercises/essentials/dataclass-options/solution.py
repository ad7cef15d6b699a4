"""Dataclasses with the options that matter: frozen, slots, default_factory, compare."""
from dataclasses import dataclass, field


class Money:
    """TODO: a frozen, slotted dataclass with fields `cents: int` and `currency: str = "EUR"`."""

    def __post_init__(self):
        """Validate cents (int, not bool: TypeError) and the currency (3 letters, ValueError); upper-case it."""
        raise NotImplementedError

    def __add__(self, other):
        """Money of the same currency (ValueError otherwise); NotImplemented for non-Money."""
        raise NotImplementedError

    def __str__(self):
        """e.g. "12.34 EUR", "-0.50 USD"."""
        raise NotImplementedError


class LineItem:
    """TODO: a slotted (mutable) dataclass: sku: str, price: Money, quantity: int = 1."""

    def total(self) -> Money:
        raise NotImplementedError


class Order:
    """TODO: a dataclass: id: int, items (a new list each), tags (a new set each), note: str = "" (not compared)."""

    def add(self, item) -> None:
        raise NotImplementedError

    def total(self) -> Money:
        raise NotImplementedError
