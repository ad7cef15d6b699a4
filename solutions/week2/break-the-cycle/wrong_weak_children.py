# wrong: makes the children weak instead of the parent, so a child with no other reference vanishes from the tree
import weakref


class Node:
    def __init__(self, name):
        self.name = name
        self._children = []
        self.parent = None

    @property
    def children(self):
        return [c for c in (r() for r in self._children) if c is not None]

    def add_child(self, child):
        if child.parent is not None:
            child.parent.remove_child(child)
        child.parent = self
        self._children.append(weakref.ref(child))
        return child

    def remove_child(self, child):
        self._children = [r for r in self._children if r() is not None and r() is not child]
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
