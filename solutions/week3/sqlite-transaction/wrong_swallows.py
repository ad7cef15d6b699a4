# wrong: rolls back correctly but swallows the exception instead of re-raising it
import itertools
import sqlite3

_ids = itertools.count(1)


class transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.name = None

    def __enter__(self):
        if self.conn.in_transaction:
            self.name = f"sp{next(_ids)}"
            self.conn.execute(f"SAVEPOINT {self.name}")
        else:
            self.conn.execute("BEGIN")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if self.name is None:
            self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
        else:
            if exc_type:
                self.conn.execute(f"ROLLBACK TO {self.name}")
            self.conn.execute(f"RELEASE {self.name}")
        return True
