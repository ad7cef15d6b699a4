# wrong: wraps the view in list order, so the LAST middleware of the settings ends up outermost and sees the request first
"""Middleware, as Django does it: factories that wrap get_response.

Reference solution.
"""


def build_pipeline(view, middleware):
    handler = view
    for factory in middleware:
        handler = factory(handler)
    return handler


def auth_middleware(get_response):
    """401 'login required' for anonymous requests outside /public/, without calling inner layers."""
    def handler(request):
        if request.get("user") is None and not request["path"].startswith("/public/"):
            return (401, {}, "login required")  # short circuit: nothing inside runs
        return get_response(request)
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
