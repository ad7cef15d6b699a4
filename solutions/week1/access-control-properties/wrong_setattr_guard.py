# wrong: guards the names in __setattr__/__getattr__ instead of exposing them as properties
class Account:
    _READONLY = {"owner", "balance", "available", "history"}
    def __init__(self, owner, balance=0, overdraft_limit=0):
        if not isinstance(owner, str) or not owner.strip():
            raise ValueError("owner")
        if isinstance(balance, bool) or not isinstance(balance, int):
            raise TypeError("balance")
        if balance < 0:
            raise ValueError("balance")
        object.__setattr__(self, "owner", owner)
        object.__setattr__(self, "balance", balance)
        object.__setattr__(self, "_hist", [])
        self.overdraft_limit = overdraft_limit
    def __setattr__(self, name, value):
        if name in self._READONLY:
            raise AttributeError(f"{name} is read-only")
        if name == "overdraft_limit":
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError("limit")
            if value < 0 or self.balance < -value:
                raise ValueError("limit")
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        raise AttributeError(name)
    def __getattr__(self, name):
        if name == "available":
            return self.balance + self.overdraft_limit
        if name == "history":
            return tuple(self._hist)
        raise AttributeError(name)
    def _chk(self, amount):
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError("amount")
        if amount <= 0:
            raise ValueError("amount")
    def deposit(self, amount):
        self._chk(amount)
        object.__setattr__(self, "balance", self.balance + amount)
        self._hist.append(amount)
        return self.balance
    def withdraw(self, amount):
        self._chk(amount)
        if amount > self.available:
            raise ValueError("insufficient funds")
        object.__setattr__(self, "balance", self.balance - amount)
        self._hist.append(-amount)
        return self.balance
