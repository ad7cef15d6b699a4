# wrong: nested blocks do nothing (no savepoint), so an inner failure caught by the outer block is not undone
import contextlib
import sqlite3


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
