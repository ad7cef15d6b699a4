# wrong: isinstance(amount, int) alone lets True through as an amount of 1 cent
"""Atomic money transfer: both balance updates happen, or neither does.

Reference solution: the whole transfer runs in one transaction (`with conn:`
commits it when the block succeeds and rolls it back when anything in it
raises), and the debit checks the funds in the same statement that subtracts
them, so no other writer can slip in between the check and the update.
"""
import sqlite3


class InsufficientFunds(Exception):
    """The source account's balance is smaller than the amount."""


class AccountNotFound(Exception):
    """No account has this id."""


ACCOUNTS = [("alice", 100), ("bob", 50), ("carol", 0)]


def make_db(accounts=ACCOUNTS, frozen=()):
    """Return a new in-memory bank (provided).

    `accounts` is a list of (id, balance); the ids in `frozen` are frozen
    accounts: a trigger makes any UPDATE that credits them fail with
    sqlite3.IntegrityError('account is frozen').
    """
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE accounts (
            id      TEXT PRIMARY KEY,
            balance INTEGER NOT NULL,          -- cents; no CHECK: checking is your job
            frozen  INTEGER NOT NULL DEFAULT 0
        );
        CREATE TRIGGER no_credit_to_frozen
        BEFORE UPDATE OF balance ON accounts
        WHEN NEW.frozen AND NEW.balance > OLD.balance
        BEGIN
            SELECT RAISE(ABORT, 'account is frozen');
        END;
        """
    )
    conn.executemany(
        "INSERT INTO accounts (id, balance, frozen) VALUES (?, ?, ?)",
        [(acc_id, balance, acc_id in frozen) for acc_id, balance in accounts],
    )
    conn.commit()
    return conn


def balances(conn):
    """Return {account id: balance} (provided)."""
    return dict(conn.execute("SELECT id, balance FROM accounts ORDER BY id"))


def transfer(conn, src, dst, amount):
    """Move `amount` cents from account `src` to account `dst`, atomically.

    - ValueError if amount is not a positive int, or if src == dst;
    - AccountNotFound if src or dst does not exist;
    - InsufficientFunds if src's balance is smaller than amount;
    - any sqlite3 error raised on the way propagates unchanged.
    Whatever goes wrong, no balance changes. On success the transfer is
    committed and no transaction is left open. Returns None.
    """
    if not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"amount must be a positive int, got {amount!r}")
    if src == dst:
        raise ValueError("cannot transfer to the same account")
    with conn:  # BEGIN ... COMMIT on success, ROLLBACK if the block raises
        # Check and debit in one statement: it only matches when the funds are there.
        debit = conn.execute(
            "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
            (amount, src, amount),
        )
        if debit.rowcount == 0:
            # Nothing debited: find out why (still inside the transaction).
            if conn.execute("SELECT 1 FROM accounts WHERE id = ?", (src,)).fetchone() is None:
                raise AccountNotFound(src)
            raise InsufficientFunds(f"{src} has less than {amount}")
        credit = conn.execute(
            "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, dst)
        )
        # An UPDATE that matches no row is not an error in SQL: without this
        # check the debited money would silently vanish.
        if credit.rowcount == 0:
            raise AccountNotFound(dst)  # leaving the block rolls the debit back
