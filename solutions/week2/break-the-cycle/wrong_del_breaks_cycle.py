# wrong: keeps the strong parent pointer and relies on __del__ to clear it, but __del__ never runs on a cycle until the collector does
class Node:
    def __init__(self, name):
        self.name = name
        self.children = []
        self.parent = None

    def __del__(self):
        for child in self.children:
            child.parent = None
        self.children = []

    def add_child(self, child):
        if child.parent is not None:
            child.parent.remove_child(child)
        child.parent = self
        self.children.append(child)
        return child

    def remove_child(self, child):
        self.children.remove(child)
        child.parent = None

    def root(self):
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def path(self):
        names = []
        node = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "/".join(reversed(names))

    def __repr__(self):
        return f"Node({self.name!r})"
