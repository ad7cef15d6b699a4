"""A bank account with read-only, validated and computed attributes."""


class Account:
    """A bank account whose state can only change through its methods.

    Account(owner, balance=0, overdraft_limit=0)
      owner            read-only str (non-empty, else ValueError)
      balance          read-only int; the opening balance must be an int >= 0
      overdraft_limit  readable and assignable; the setter validates:
                       int but not bool (TypeError), >= 0 (ValueError), and not below
                       the current overdraft, i.e. balance >= -limit (ValueError)
      available        computed, read-only: balance + overdraft_limit
      history          read-only tuple of signed amounts: +deposit, -withdrawal
      deposit(amount)  amount: int (TypeError), > 0 (ValueError); returns the new balance
      withdraw(amount) amount: int (TypeError), > 0 (ValueError), <= available
                       (ValueError "insufficient funds"); returns the new balance
    Assigning or deleting a read-only attribute raises AttributeError.
    """

    def __init__(self, owner: str, balance: int = 0, overdraft_limit: int = 0) -> None:
        raise NotImplementedError

    # Write the properties owner, balance, overdraft_limit (with a setter),
    # available and history here.

    def deposit(self, amount: int) -> int:
        raise NotImplementedError

    def withdraw(self, amount: int) -> int:
        raise NotImplementedError
