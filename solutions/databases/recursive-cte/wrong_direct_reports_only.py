# wrong: reports() has no recursion, so it returns only the direct reports
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
    # Anchor: the direct reports (depth 1). Recursive step: the reports of
    # every row found so far, one level deeper. The manager is never a row.
    return conn.execute(
        """
        SELECT name, 1 FROM employees WHERE manager_id = ? ORDER BY name
        """,
        (manager_id,),
    ).fetchall()


def chain_of_command(conn, employee_id):
    """Return the names from `employee_id` up to the top of the hierarchy,
    the employee first and the top-level manager last. [] for an unknown id.
    """
    # Walk upwards this time: anchor on the employee, then join each row to
    # its manager. `step` records how far up we are, to order the result.
    rows = conn.execute(
        """
        WITH RECURSIVE chain(id, name, manager_id, step) AS (
            SELECT id, name, manager_id, 0 FROM employees WHERE id = ?
            UNION ALL
            SELECT m.id, m.name, m.manager_id, chain.step + 1
            FROM employees AS m
            JOIN chain ON m.id = chain.manager_id
        )
        SELECT name FROM chain ORDER BY step
        """,
        (employee_id,),
    )
    return [name for (name,) in rows]


def org_paths(conn):
    """Return every employee's path from their top-level manager, as a string
    of names joined with ' > ' (e.g. 'Ada > Grace > Ken'), sorted.
    """
    # Anchor on every root (manager_id IS NULL; `= NULL` would match nothing)
    # and build the path downwards by string concatenation.
    rows = conn.execute(
        """
        WITH RECURSIVE tree(id, path) AS (
            SELECT id, name FROM employees WHERE manager_id IS NULL
            UNION ALL
            SELECT e.id, tree.path || ' > ' || e.name
            FROM employees AS e
            JOIN tree ON e.manager_id = tree.id
        )
        SELECT path FROM tree ORDER BY path
        """
    )
    return [path for (path,) in rows]
