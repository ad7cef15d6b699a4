# wrong: calls owner.strip() without checking the type, so a non-str owner raises AttributeError instead of ValueError


def _check_amount(amount, what):
    # bool is an int subclass; "deposit(True)" is a bug, not a deposit of 1.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"{what} must be an int, got {type(amount).__name__}")


class Account:
    """A bank account whose state can only change through its methods."""

    def __init__(self, owner: str, balance: int = 0, overdraft_limit: int = 0) -> None:
        if not owner.strip():
            raise ValueError("owner must be a non-empty string")
        _check_amount(balance, "balance")
        if balance < 0:
            raise ValueError("opening balance must be >= 0")
        # Single leading underscore: "internal, go through the API". Python does not
        # enforce privacy; the properties below are the public, controlled surface.
        self._owner = owner
        self._balance = balance
        self._history: list[int] = []
        # Go through the property setter so the constructor validates like any later change.
        self.overdraft_limit = overdraft_limit

    @property
    def owner(self) -> str:
        """Read-only: a property without a setter raises AttributeError on assignment and del."""
        return self._owner

    @property
    def balance(self) -> int:
        """Read-only: changes only through deposit() and withdraw()."""
        return self._balance

    @property
    def overdraft_limit(self) -> int:
        return self._overdraft_limit

    @overdraft_limit.setter
    def overdraft_limit(self, value: int) -> None:
        _check_amount(value, "overdraft_limit")
        if value < 0:
            raise ValueError("overdraft_limit must be >= 0")
        if self._balance < -value:
            raise ValueError("overdraft_limit cannot be lowered below the current overdraft")
        self._overdraft_limit = value

    @property
    def available(self) -> int:
        """Computed on every access, so it can never go stale."""
        return self._balance + self._overdraft_limit

    @property
    def history(self) -> tuple[int, ...]:
        """A tuple snapshot: callers cannot mutate the internal list through it."""
        return tuple(self._history)

    def deposit(self, amount: int) -> int:
        _check_amount(amount, "amount")
        if amount <= 0:
            raise ValueError("deposit amount must be positive")
        self._balance += amount
        self._history.append(amount)
        return self._balance

    def withdraw(self, amount: int) -> int:
        _check_amount(amount, "amount")
        if amount <= 0:
            raise ValueError("withdrawal amount must be positive")
        if amount > self.available:
            raise ValueError("insufficient funds")
        self._balance -= amount
        self._history.append(-amount)
        return self._balance
