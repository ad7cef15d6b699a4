"""Middleware, as Django does it: factories that wrap get_response."""


def build_pipeline(view, middleware):
    """Wrap view in the middleware factories (settings order: first is outermost);
    return the outermost handler. Each factory is called once, here."""
    raise NotImplementedError


def auth_middleware(get_response):
    """401 'login required' for anonymous requests outside /public/, without calling inner layers."""
    raise NotImplementedError


def error_middleware(get_response):
    """Turn an Exception from the inner layers into (500, {'X-Error': class name}, 'internal error')."""
    raise NotImplementedError


def header_middleware(name, value):
    """Return a middleware that sets the response header name: value (in a new dict)."""
    raise NotImplementedError
