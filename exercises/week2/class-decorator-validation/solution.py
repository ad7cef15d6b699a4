"""Interface validation with a class decorator."""


def requires(*, attributes=(), methods=()):
    """Return a class decorator that checks the decorated class.

    Missing names raise TypeError("<Name> is missing: a, b"); a required
    method that is not callable raises TypeError("<Name>.<m> must be callable").
    The decorator returns the class itself.
    """
    raise NotImplementedError
