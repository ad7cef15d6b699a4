# wrong: auth calls the inner layers first and only then replaces the response with a 401: the view runs for anonymous users
"""Middleware, as Django does it: factories that wrap get_response.

Reference solution.
"""


def build_pipeline(view, middleware):
    """Wrap view in the middleware factories (settings order: first is outermost);
    return the outermost handler. Each factory is called once, here."""
    # Build from the inside out: the LAST factory wraps the view first, so
    # the FIRST one ends up outermost and sees the request first. This is
    # what Django's BaseHandler.load_middleware does with reversed(settings).
    handler = view
    for factory in reversed(middleware):
        handler = factory(handler)
    return handler


def auth_middleware(get_response):
    def handler(request):
        response = get_response(request)
        if request.get("user") is None and not request["path"].startswith("/public/"):
            return (401, {}, "login required")
        return response
    return handler


def error_middleware(get_response):
    """Turn an Exception from the inner layers into (500, {'X-Error': class name}, 'internal error')."""
    def handler(request):
        try:
            return get_response(request)
        except Exception as e:
            return (500, {"X-Error": type(e).__name__}, "internal error")
    return handler


def header_middleware(name, value):
    """Return a middleware that sets the response header name: value (in a new dict)."""
    # One more level of function: the settings are captured by closures.
    def middleware(get_response):
        def handler(request):
            status, headers, body = get_response(request)
            # A new dict: the inner layer may hand out the same dict every time.
            return (status, {**headers, name: value}, body)
        return handler
    return middleware
