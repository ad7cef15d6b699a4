"""Recursive CTEs: walk an org chart (a tree stored as parent pointers) in SQL.

Each function must run ONE SQL statement (a `WITH RECURSIVE` query), however
deep the tree is: no loop of queries in Python.

`make_db` is provided: do not change it.
"""
import sqlite3

EMPLOYEES = [
    # (id, name, manager_id)
    (1, "Ada", None),
    (2, "Grace", 1),
    (3, "Linus", 1),
    (4, "Barbara", 2),
    (5, "Ken", 2),
    (6, "Margaret", 3),
    (7, "Dennis", 5),
    (8, "Edsger", 5),
    (9, "Alan", 7),
]


def make_db(employees=EMPLOYEES):
    """Return a new in-memory database whose `employees` table holds `employees` (provided)."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        """
        CREATE TABLE employees (
            id         INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            manager_id INTEGER REFERENCES employees(id)   -- NULL at the top
        )
        """
    )
    conn.executemany("INSERT INTO employees VALUES (?, ?, ?)", employees)
    conn.commit()
    return conn


def reports(conn, manager_id):
    """Return [(name, depth), ...] for everyone below `manager_id`, directly or not.

    depth is 1 for a direct report, 2 for a report's report, and so on. The
    manager is not included. Ordered by depth, then name. [] for an unknown id
    or someone with no reports.
    """
    raise NotImplementedError


def chain_of_command(conn, employee_id):
    """Return the names from `employee_id` up to the top of the hierarchy,
    the employee first and the top-level manager last. [] for an unknown id.
    """
    raise NotImplementedError


def org_paths(conn):
    """Return every employee's path from their top-level manager, as a string
    of names joined with ' > ' (e.g. 'Ada > Grace > Ken'), sorted.
    """
    raise NotImplementedError
