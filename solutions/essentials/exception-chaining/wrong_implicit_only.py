# wrong: re-raises without `from`, so the ConfigError only has a __context__: no __cause__, and a traceback reads 'during handling...' instead of 'direct cause'
import contextlib
import json


class ConfigError(Exception):
    """A configuration problem, in the words of the configuration."""


def load_port(config: dict) -> int:
    """config["server"]["port"] as an int in 1..65535, or ConfigError."""
    try:
        raw = config["server"]["port"]
    except KeyError as exc:
        # Explicit chaining: the KeyError becomes __cause__, and the
        # traceback says "The above exception was the direct cause of ...".
        raise ConfigError("missing setting: server.port")
    try:
        port = int(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"bad port: {raw!r}")
    # Raised outside any except block: no cause, no context.
    if not 1 <= port <= 65535:
        raise ConfigError(f"port out of range: {port}")
    return port


def parse_json_config(text: str) -> dict:
    """json.loads(text); invalid JSON becomes a ConfigError raised `from None`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # `from None` sets __suppress_context__: the traceback shows only the
        # ConfigError (its message already says where the JSON is broken).
        # The JSONDecodeError is still kept in __context__ for debuggers.
        raise ConfigError(f"invalid JSON at line {exc.lineno} column {exc.colno}") from None


@contextlib.contextmanager
def translated(*exc_types, into=ConfigError, message="configuration error"):
    """Inside the block, an exception of exc_types becomes into(message), raised from it."""
    try:
        yield
    except exc_types as exc:
        raise into(message) from exc


def chain(exc: BaseException) -> list[str]:
    """Class names from exc down to its root cause, as a traceback would show them."""
    names = []
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        names.append(type(exc).__name__)
        # The rule the traceback printer follows: an explicit cause first;
        # else the implicit context, unless `from` suppressed it.
        if exc.__cause__ is not None:
            exc = exc.__cause__
        elif not exc.__suppress_context__:
            exc = exc.__context__
        else:
            exc = None
    return names


def root_cause(exc: BaseException) -> BaseException:
    """The last exception of the chain that chain() follows."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        if exc.__cause__ is not None:
            nxt = exc.__cause__
        elif not exc.__suppress_context__ and exc.__context__ is not None:
            nxt = exc.__context__
        else:
            break
        if id(nxt) in seen:
            break
        exc = nxt
    return exc
