# wrong: a dummy WITH RECURSIVE in front of a plain SELECT of every employee, the walk still done in Python
"""Recursive CTEs: walk an org chart (a tree stored as parent pointers) in SQL.

Reference solution. A recursive CTE has an anchor member (the starting rows)
UNION ALL a recursive member that joins the CTE to the table to get the next
level; SQLite repeats the recursive member until it produces no new rows.
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
    emp = _all(conn)
    out = []
    frontier = [(manager_id, 0)]
    while frontier:
        boss, depth = frontier.pop()
        for i, (n, m) in emp.items():
            if m == boss:
                out.append((n, depth + 1))
                frontier.append((i, depth + 1))
    return sorted(out, key=lambda r: (r[1], r[0]))


def chain_of_command(conn, employee_id):
    emp = _all(conn)
    out = []
    while employee_id in emp:
        n, m = emp[employee_id]
        out.append(n)
        employee_id = m
    return out


def org_paths(conn):
    emp = _all(conn)
    def path(i):
        n, m = emp[i]
        return n if m is None else path(m) + " > " + n
    return sorted(path(i) for i in emp)


def _all(conn):
    rows = conn.execute("WITH RECURSIVE x(n) AS (SELECT 1) SELECT id, name, manager_id FROM employees, x").fetchall()
    return {i: (n, m) for i, n, m in rows}
