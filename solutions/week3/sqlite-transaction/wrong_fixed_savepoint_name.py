# wrong: every nested block uses the same savepoint name 'sp', so two open savepoints share a name (SQLite resolves it to the newest, which hides the bug until someone names savepoints elsewhere)
"""A sqlite3 transaction manager with nested savepoints: reference solution."""
import contextlib
import itertools
import sqlite3

# Savepoint names only need to be unique among the open ones; a global counter
# is the simplest way to guarantee that, even across connections.
_savepoint_ids = itertools.count(1)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    """Make the block atomic on ``conn``; nested blocks become savepoints."""
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield conn
        except BaseException:
            # BaseException, not Exception: a KeyboardInterrupt in the middle of a
            # transaction must not leave it open (and later commit half the work).
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
    else:
        name = "sp"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            # ROLLBACK TO undoes the changes but keeps the savepoint on the stack,
            # so it still has to be released.
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        else:
            conn.execute(f"RELEASE {name}")
