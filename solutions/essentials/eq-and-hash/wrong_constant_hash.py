# wrong: __hash__ returns a constant: equal addresses hash equal, but every address lands in one bucket and lookups become linear scans
"""An immutable, hashable e-mail address value object."""


class EmailAddress:
    """An e-mail address such as "Bob@Example.com"."""

    __slots__ = ("_local", "_domain")

    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        local, at, domain = text.partition("@")
        if not at or not local or not domain or "@" in domain:
            raise ValueError(f"not an e-mail address: {text!r}")
        # __setattr__ is blocked below, so go through object's.
        object.__setattr__(self, "_local", local)  # case-sensitive: kept as is
        object.__setattr__(self, "_domain", domain.lower())  # case-insensitive

    @property
    def local(self):
        return self._local

    @property
    def domain(self):
        return self._domain

    def __setattr__(self, name, value):
        raise AttributeError(f"EmailAddress is immutable (cannot set {name!r})")

    def __delattr__(self, name):
        raise AttributeError(f"EmailAddress is immutable (cannot delete {name!r})")

    def _key(self):
        """What equality and hashing are both based on."""
        return (self._local, self._domain)

    def __str__(self):
        return f"{self._local}@{self._domain}"

    def __repr__(self):
        return f"EmailAddress({str(self)!r})"

    def __eq__(self, other):
        if not isinstance(other, EmailAddress):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return 0
