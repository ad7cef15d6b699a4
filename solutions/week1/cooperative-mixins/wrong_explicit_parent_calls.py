# wrong: calls each parent explicitly by name instead of super(), so Component runs twice and a mixin can never slot in between
class Component:
    def __init__(self, *, name, **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.init_order = ["Component"]

    def describe(self):
        return [f"Component({self.name})"]

    def save(self, log):
        log.append("Component")
        return log


class Tagged(Component):
    def __init__(self, *, tags=(), name, **kwargs):
        Component.__init__(self, name=name)
        self.tags = tuple(tags)
        self.init_order.append("Tagged")

    def describe(self):
        return [f"Tagged({','.join(self.tags)})"] + Component.describe(self)

    def save(self, log):
        log.append("Tagged")
        return Component.save(self, log)


class Versioned(Component):
    def __init__(self, *, version=1, name, **kwargs):
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"version must be an int >= 1, got {version!r}")
        Component.__init__(self, name=name)
        self.version = version
        self.init_order.append("Versioned")

    def describe(self):
        return [f"Versioned(v{self.version})"] + Component.describe(self)

    def save(self, log):
        self.version += 1
        log.append("Versioned")
        return Component.save(self, log)


class Document(Tagged, Versioned):
    def __init__(self, *, title, tags=(), version=1, name, **kwargs):
        Tagged.__init__(self, tags=tags, name=name)
        Versioned.__init__(self, version=version, name=name)
        self.title = title
        self.init_order.append("Document")

    def describe(self):
        return [f"Document({self.title})"] + Tagged.describe(self)[:1] + Versioned.describe(self)

    def save(self, log):
        log.append("Document")
        Tagged.save(self, log)
        return Versioned.save(self, log)


class Audited:
    def __init__(self, *, auditor="system", **kwargs):
        super().__init__(**kwargs)
        self.auditor = auditor
        self.init_order.append("Audited")

    def describe(self):
        return [f"Audited({self.auditor})"] + super().describe()

    def save(self, log):
        log.append("Audited")
        return super().save(log)
