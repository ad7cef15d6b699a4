# wrong: forgets slots=True, so every Money and LineItem carries a __dict__
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Money:
    """An amount in cents of a currency: immutable, hashable, no __dict__."""

    cents: int
    currency: str = "EUR"

    def __post_init__(self):
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise TypeError(f"cents must be an int, not {type(self.cents).__name__}")
        if not isinstance(self.currency, str):
            raise TypeError("currency must be a str")
        currency = self.currency.upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValueError(f"not a currency code: {self.currency!r}")
        # The instance is frozen: its generated __setattr__ raises
        # FrozenInstanceError. Normalising means going around it, exactly as
        # the generated __init__ itself does.
        object.__setattr__(self, "currency", currency)

    def __add__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.cents + other.cents, self.currency)

    def __str__(self):
        sign = "-" if self.cents < 0 else ""
        units, cents = divmod(abs(self.cents), 100)
        return f"{sign}{units}.{cents:02d} {self.currency}"


@dataclass
class LineItem:
    """A mutable order line; slots=True: no per-instance __dict__."""

    sku: str
    price: Money
    quantity: int = 1

    def total(self) -> Money:
        return Money(self.price.cents * self.quantity, self.price.currency)


@dataclass
class Order:
    """An order owning its items and tags; the note does not take part in equality."""

    id: int
    # A list default would be shared by every order (dataclass refuses it
    # outright): default_factory calls list() afresh for each instance.
    items: list = field(default_factory=list)
    tags: set = field(default_factory=set)
    note: str = field(default="", compare=False)

    def add(self, item: LineItem) -> None:
        self.items.append(item)

    def total(self) -> Money:
        total = Money(0)
        if self.items:
            total = Money(0, self.items[0].price.currency)
        for item in self.items:
            total = total + item.total()
        return total
