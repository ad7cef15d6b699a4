# wrong: catches only Exception, so a KeyboardInterrupt-style BaseException leaves the transaction open; never releases a rolled-back savepoint
import contextlib
import itertools
import sqlite3

_ids = itertools.count(1)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield conn
        except Exception:
            conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
    else:
        name = f"sp{next(_ids)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except Exception:
            conn.execute(f"ROLLBACK TO {name}")
            raise
        else:
            conn.execute(f"RELEASE {name}")
