# wrong: stores weakref.ref(parent) in `parent` directly, so node.parent is a weakref object, not the Node
import weakref


class Node:
    def __init__(self, name):
        self.name = name
        self.children = []
        self.parent = None

    def add_child(self, child):
        if child.parent is not None and child.parent() is not None:
            child.parent().remove_child(child)
        child.parent = weakref.ref(self)
        self.children.append(child)
        return child

    def remove_child(self, child):
        self.children.remove(child)
        child.parent = None

    def root(self):
        node = self
        while node.parent is not None and node.parent() is not None:
            node = node.parent()
        return node

    def path(self):
        names = []
        node = self
        while node is not None:
            names.append(node.name)
            node = node.parent() if node.parent is not None else None
        return "/".join(reversed(names))

    def __repr__(self):
        return f"Node({self.name!r})"
