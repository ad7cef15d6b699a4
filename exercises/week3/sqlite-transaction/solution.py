"""A sqlite3 transaction manager with nested savepoints (week 3, context managers)."""
import sqlite3


def transaction(conn: sqlite3.Connection):
    """Context manager making its block atomic on ``conn``; nests with savepoints.

    Outermost: BEGIN / COMMIT / ROLLBACK.
    Nested:    SAVEPOINT name / RELEASE name / ROLLBACK TO name + RELEASE name.
    Yields ``conn``; exceptions always propagate after the rollback.
    """
    raise NotImplementedError
