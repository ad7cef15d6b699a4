# wrong: tells anonymous users apart with isinstance(user, AnonymousUser) instead of is_authenticated, so a logged-out User still writes
"""An owner-or-admin permission, shaped like a DRF permission class.

Reference solution. DRF calls has_permission on every request and
has_object_permission only when a view fetches one object, so each method
must be safe on its own: never assume the other one already ran.
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
        if request.method in SAFE_METHODS:
            return True
        return _is_authenticated(request.user)

    def has_object_permission(self, request, view, obj):
        """Object-level check (retrieve, update, delete one object).

        True for a safe method; otherwise True only for an authenticated user
        who owns `obj` (obj.owner_id == user.id) or is an admin (is_staff).
        """
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        # Authentication first: an anonymous user's id is None, and so is the
        # owner_id of an orphaned post; None == None must not grant access.
        if not _is_authenticated(user):
            return False
        return bool(user.is_staff) or obj.owner_id == user.id


def _is_authenticated(user):
    return user is not None and not isinstance(user, AnonymousUser)


def check(permission, request, obj=None, view=None):
    """What the framework does: has_permission, then has_object_permission
    when there is an object (provided)."""
    if not permission.has_permission(request, view):
        return False
    return obj is None or permission.has_object_permission(request, view, obj)
