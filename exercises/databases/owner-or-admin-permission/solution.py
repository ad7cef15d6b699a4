"""An owner-or-admin permission, shaped like a DRF permission class.

Everything but the two methods of IsOwnerOrAdmin is provided: do not change it.
"""
from dataclasses import dataclass

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass
class User:
    id: int
    username: str
    is_staff: bool = False           # an admin
    is_authenticated: bool = True


class AnonymousUser:
    """Who a request belongs to when nobody is logged in (as in Django)."""

    id = None
    username = ""
    is_staff = False
    is_authenticated = False


@dataclass
class Request:
    method: str                      # upper case: 'GET', 'POST', ...
    user: object = None              # a User, an AnonymousUser, or None


@dataclass
class Post:
    id: int
    owner_id: object                 # a user id, or None for an orphaned post
    title: str = ""


class IsOwnerOrAdmin:
    """Read access for everyone; write access for the owner or an admin."""

    def has_permission(self, request, view):
        """Request-level check, run before any object is loaded (list, create).

        True for a safe method (GET, HEAD, OPTIONS); otherwise True only for
        an authenticated user.
        """
        raise NotImplementedError

    def has_object_permission(self, request, view, obj):
        """Object-level check (retrieve, update, delete one object).

        True for a safe method; otherwise True only for an authenticated user
        who owns `obj` (obj.owner_id == user.id) or is an admin (is_staff).
        """
        raise NotImplementedError


def check(permission, request, obj=None, view=None):
    """What the framework does: has_permission, then has_object_permission
    when there is an object (provided)."""
    if not permission.has_permission(request, view):
        return False
    return obj is None or permission.has_object_permission(request, view, obj)
