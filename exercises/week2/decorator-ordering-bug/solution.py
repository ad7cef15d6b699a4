"""Report service: permission checks, an audit trail and a cache.

BUG REPORTS
1. Security: a guest who asks for a report that an admin opened earlier
   gets it, although guests are not allowed to read reports.
2. Compliance: the audit trail misses calls. Every call of load_report must
   be recorded, including the ones answered from the cache.

Each decorator below is correct on its own. Fix the bugs without changing
any decorator.
"""
import functools

AUDIT_LOG = []          # (user name, report id, outcome) for every call
GENERATED = []          # report ids actually generated (the expensive part)


class User:
    def __init__(self, name, permissions=()):
        self.name = name
        self.permissions = set(permissions)


def audited(func):
    """Record every call as (user name, report id, outcome).

    outcome is "ok", or the name of the exception that escaped.
    """
    @functools.wraps(func)
    def wrapper(user, report_id):
        try:
            result = func(user, report_id)
        except Exception as exc:
            AUDIT_LOG.append((user.name, report_id, type(exc).__name__))
            raise
        AUDIT_LOG.append((user.name, report_id, "ok"))
        return result
    return wrapper


def requires_permission(permission):
    """Raise PermissionError unless the user holds `permission`."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(user, report_id):
            if permission not in user.permissions:
                raise PermissionError(f"{user.name} may not {permission}")
            return func(user, report_id)
        return wrapper
    return decorator


def cached_by_report_id(func):
    """Cache results by report id: a report's content is the same for everyone."""
    cache = {}

    @functools.wraps(func)
    def wrapper(user, report_id):
        if report_id not in cache:
            cache[report_id] = func(user, report_id)
        return cache[report_id]
    return wrapper


@cached_by_report_id
@audited
@requires_permission("reports:read")
def load_report(user, report_id):
    """Generate report `report_id` (expensive)."""
    GENERATED.append(report_id)
    return f"report #{report_id}"
