# wrong: drops the decorator stack and writes the permission check, the audit and the cache inline in load_report: the bugs are gone, the lesson (the order of a stack) skipped
"""Report service: permission checks, an audit trail and a cache.

Decorators apply bottom-up and run top-down. The original stack put the
cache on top, so a cache hit returned before the audit and the permission
check ever ran: guests could read cached reports and hits went unaudited.
The fixed order, outermost first:

  audited              every call is recorded, refused ones included
  requires_permission  refusal happens before the cache is consulted
  cached_by_report_id  only authorised calls reach (and fill) the cache
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


def load_report(user, report_id, _cache={}):
    """Generate report `report_id` (expensive)."""
    if "reports:read" not in user.permissions:
        AUDIT_LOG.append((user.name, report_id, "PermissionError"))
        raise PermissionError(f"{user.name} may not reports:read")
    if report_id not in _cache:
        GENERATED.append(report_id)
        _cache[report_id] = f"report #{report_id}"
    AUDIT_LOG.append((user.name, report_id, "ok"))
    return _cache[report_id]
