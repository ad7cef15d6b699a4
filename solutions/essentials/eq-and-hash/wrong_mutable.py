# wrong: stores plain public attributes, so the hashed fields can be changed after the object is in a set
"""An immutable, hashable e-mail address value object."""


class EmailAddress:
    """An e-mail address such as "Bob@Example.com"."""

    def __init__(self, text):
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        local, at, domain = text.partition("@")
        if not at or not local or not domain or "@" in domain:
            raise ValueError(f"not an e-mail address: {text!r}")
        self.local = local
        self.domain = domain.lower()

    def _key(self):
        """What equality and hashing are both based on."""
        return (self.local, self.domain)

    def __str__(self):
        return f"{self.local}@{self.domain}"

    def __repr__(self):
        return f"EmailAddress({str(self)!r})"

    def __eq__(self, other):
        if not isinstance(other, EmailAddress):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self):
        return hash(self._key())
