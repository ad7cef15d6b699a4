"""Cooperative mixins in a diamond: every method calls super() exactly once.

The diamond:            Component
                        /       \\
                    Tagged    Versioned
                        \\       /
                        Document

Write every method below. Rules (see README.md):
- every __init__ takes keyword-only arguments: its own, plus **kwargs, which it
  passes on with super().__init__(**kwargs) (Component too: object.__init__
  then rejects unknown keywords with TypeError);
- every __init__ calls super().__init__ FIRST, then sets its own attributes and
  appends its class name to self.init_order (Component creates that list);
- describe() returns [its own entry] + super().describe();
- save(log) appends its class name to log, then returns super().save(log);
  Component.save appends "Component" and returns log.
Never name a parent class explicitly in a call.
"""


class Component:
    def __init__(self, *, name, **kwargs):
        raise NotImplementedError

    def describe(self):
        """Return [f"Component({self.name})"]."""
        raise NotImplementedError

    def save(self, log):
        raise NotImplementedError


class Tagged(Component):
    def __init__(self, *, tags=(), **kwargs):
        """Store self.tags as a tuple."""
        raise NotImplementedError

    def describe(self):
        """Own entry: f"Tagged({','.join(self.tags)})"."""
        raise NotImplementedError

    def save(self, log):
        raise NotImplementedError


class Versioned(Component):
    def __init__(self, *, version=1, **kwargs):
        """version must be an int (not bool) >= 1, else ValueError."""
        raise NotImplementedError

    def describe(self):
        """Own entry: f"Versioned(v{self.version})"."""
        raise NotImplementedError

    def save(self, log):
        """Also increments self.version."""
        raise NotImplementedError


class Document(Tagged, Versioned):
    def __init__(self, *, title, **kwargs):
        raise NotImplementedError

    def describe(self):
        """Own entry: f"Document({self.title})"."""
        raise NotImplementedError

    def save(self, log):
        raise NotImplementedError


class Audited:
    """A pure mixin (bases: object only) that cooperates all the same."""

    def __init__(self, *, auditor="system", **kwargs):
        raise NotImplementedError

    def describe(self):
        """Own entry: f"Audited({self.auditor})"."""
        raise NotImplementedError

    def save(self, log):
        raise NotImplementedError
