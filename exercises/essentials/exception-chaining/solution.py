"""Exception chaining: raise ... from ..., __cause__, __context__ and from None."""
import contextlib
import json


class ConfigError(Exception):
    """A configuration problem, in the words of the configuration."""


def load_port(config: dict) -> int:
    """config["server"]["port"] as an int in 1..65535, or ConfigError (chained from the original error)."""
    raise NotImplementedError


def parse_json_config(text: str) -> dict:
    """json.loads(text); invalid JSON becomes a ConfigError raised `from None`."""
    raise NotImplementedError


@contextlib.contextmanager
def translated(*exc_types, into=ConfigError, message="configuration error"):
    """Inside the block, an exception of exc_types becomes into(message), raised from it."""
    raise NotImplementedError


def chain(exc: BaseException) -> list[str]:
    """Class names from exc down to its root cause, as a traceback would show them."""
    raise NotImplementedError


def root_cause(exc: BaseException) -> BaseException:
    """The last exception of the chain that chain() follows."""
    raise NotImplementedError
