# wrong: the __init__ parameters are positional-or-keyword, not keyword-only: Document('Notes', name='n') silently gives 'Notes' to Document, and the positional order means nothing across a diamond
"""Cooperative mixins in a diamond: every method calls super() exactly once (reference).

The diamond:            Component
                        /       \\
                    Tagged    Versioned
                        \\       /
                        Document

super() does not mean "my parent": it means "the next class in the MRO of the
object being built". In Tagged.__init__ for a Document, super() is Versioned,
a class Tagged has never heard of. That is why every class must accept
**kwargs, take only its own keywords, and pass the rest along.
"""


class Component:
    """Root of the diamond: the last stop before object."""

    def __init__(self, name, **kwargs):
        # Leftover keywords reach object.__init__, which rejects them with a
        # TypeError: a misspelt keyword is never silently swallowed.
        super().__init__(**kwargs)
        self.name = name
        self.init_order = ["Component"]

    def describe(self):
        return [f"Component({self.name})"]

    def save(self, log):
        log.append("Component")
        return log


class Tagged(Component):
    def __init__(self, tags=(), **kwargs):
        super().__init__(**kwargs)
        self.tags = tuple(tags)
        self.init_order.append("Tagged")

    def describe(self):
        return [f"Tagged({','.join(self.tags)})"] + super().describe()

    def save(self, log):
        log.append("Tagged")
        return super().save(log)


class Versioned(Component):
    def __init__(self, version=1, **kwargs):
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"version must be an int >= 1, got {version!r}")
        super().__init__(**kwargs)
        self.version = version
        self.init_order.append("Versioned")

    def describe(self):
        return [f"Versioned(v{self.version})"] + super().describe()

    def save(self, log):
        self.version += 1
        log.append("Versioned")
        return super().save(log)


class Document(Tagged, Versioned):
    def __init__(self, title, **kwargs):
        super().__init__(**kwargs)
        self.title = title
        self.init_order.append("Document")

    def describe(self):
        return [f"Document({self.title})"] + super().describe()

    def save(self, log):
        log.append("Document")
        return super().save(log)


class Audited:
    """A pure mixin: it inherits from nothing but object, yet still cooperates.

    Put it before a Component class (class X(Audited, Document)); its super()
    calls then continue along that class's MRO.
    """

    def __init__(self, auditor="system", **kwargs):
        super().__init__(**kwargs)
        self.auditor = auditor
        self.init_order.append("Audited")

    def describe(self):
        return [f"Audited({self.auditor})"] + super().describe()

    def save(self, log):
        log.append("Audited")
        return super().save(log)
