# wrong: leaves the bases in the wrong order and re-implements login, JSON and caching inside the views, so the framework's mixins stay dead code
"""A toy web framework: a base View, three mixins, and the app's views.

A request is a dict: {"method": "GET", "path": "/me", "user": "ada" or None}.
A response is a tuple: (status, headers, body).
"""
import json

# ---- the framework (correct: do not change) --------------------------------


class View:
    """Base view: routes a request to the method named after the HTTP verb."""

    def dispatch(self, request):
        handler = getattr(self, request["method"].lower(), None)
        if handler is None:
            return self.respond(405, "method not allowed")
        return self.respond(200, handler(request))

    def headers(self):
        return {"Content-Type": "text/html"}

    def render(self, data):
        return str(data)

    def respond(self, status, data):
        return (status, self.headers(), self.render(data))


class LoginRequiredMixin:
    """Refuse anonymous requests with 403 before any other work is done."""

    def dispatch(self, request):
        if request.get("user") is None:
            return (403, {}, "login required")
        return super().dispatch(request)


class CacheMixin:
    """Remember each path's response and serve it again without recomputing."""

    def dispatch(self, request):
        cache = self.__dict__.setdefault("_cache", {})
        key = (request["method"], request["path"])
        if key not in cache:
            cache[key] = super().dispatch(request)
        return cache[key]

    def headers(self):
        return {**super().headers(), "Cache-Control": "max-age=60"}


class JSONMixin:
    """Render data as JSON."""

    def headers(self):
        return {**super().headers(), "Content-Type": "application/json"}

    def render(self, data):
        return json.dumps(data, sort_keys=True)


# ---- the application -------------------------------------------------------


class HomePage(View):
    """Public HTML page."""

    def get(self, request):
        return "<h1>Welcome</h1>"


# Mixins go to the LEFT of the base class. Python looks methods up along the
# MRO (ProfileAPI, LoginRequiredMixin, JSONMixin, View, object) and takes the
# first match: View's dispatch/headers/render do not call super(), so any
# mixin listed after View was simply never reached.
class ProfileAPI(View, LoginRequiredMixin, JSONMixin):
    """The signed-in user's profile, as JSON. Login required."""

    def dispatch(self, request):
        if request.get("user") is None:
            return (403, {}, "login required")
        return super().dispatch(request)

    def headers(self):
        return {"Content-Type": "application/json"}

    def render(self, data):
        return json.dumps(data, sort_keys=True)

    def get(self, request):
        return {"user": request["user"], "path": request["path"]}


# Among mixins that override the same method, the leftmost runs first.
# The login check must run before the cache is consulted: with CacheMixin
# first, a response cached for a signed-in user was served to anyone (and a
# 403 cached for an anonymous visitor was served to signed-in users).
class Dashboard(View, CacheMixin, LoginRequiredMixin, JSONMixin):
    """Expensive per-path report, as JSON, cached. Login required."""

    def __init__(self):
        self.computed = 0
        self._memo = {}

    def dispatch(self, request):
        if request.get("user") is None:
            return (403, {}, "login required")
        key = (request["method"], request["path"])
        if key not in self._memo:
            self._memo[key] = super().dispatch(request)
        return self._memo[key]

    def headers(self):
        return {"Content-Type": "application/json", "Cache-Control": "max-age=60"}

    def render(self, data):
        return json.dumps(data, sort_keys=True)

    def get(self, request):
        self.computed += 1
        return {"path": request["path"], "secret": "revenue figures"}
