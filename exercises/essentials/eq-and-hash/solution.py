"""An immutable, hashable e-mail address value object."""


class EmailAddress:
    """An e-mail address such as "Bob@Example.com".

    - `EmailAddress(text)`: text must contain exactly one "@" with something
      on both sides, else ValueError.
    - `.local`: the part before "@", exactly as given (case-sensitive).
    - `.domain`: the part after "@", lower-cased (domains are case-insensitive).
    - `str(address)` is f"{local}@{domain}".
    - Two addresses are equal when their local parts and domains are equal;
      comparing with anything that is not an EmailAddress is left to the
      other operand (NotImplemented).
    - Equal addresses hash equal, so they work as set members and dict keys.
    - Immutable: assigning `.local` or `.domain` raises AttributeError.
    """

    def __init__(self, text):
        raise NotImplementedError

    @property
    def local(self):
        raise NotImplementedError

    @property
    def domain(self):
        raise NotImplementedError

    def __str__(self):
        raise NotImplementedError

    def __repr__(self):
        return f"EmailAddress({str(self)!r})"

    def __eq__(self, other):
        raise NotImplementedError

    def __hash__(self):
        raise NotImplementedError
