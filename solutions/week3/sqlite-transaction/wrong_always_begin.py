# wrong: ignores nesting and always issues BEGIN, so a nested block fails ("cannot start a transaction within a transaction")
import contextlib
import sqlite3


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection):
    conn.execute("BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
