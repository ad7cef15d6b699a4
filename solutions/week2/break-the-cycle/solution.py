"""A tree of named nodes, free of reference cycles.

Ownership goes one way only: a parent owns its children (strong references
in `children`), a child merely *knows* its parent (a weak reference). With
no cycle, dropping the last outside reference to a tree frees every node at
once by reference counting; the cyclic collector is never needed.
"""
import weakref


class Node:
    """A node with a name, an ordered list of children and a parent."""

    def __init__(self, name):
        self.name = name
        self.children = []
        self._parent = None   # None or a weakref.ref to the parent Node

    @property
    def parent(self):
        # Dereference the weak reference: the parent Node, or None when there
        # is no parent or when the parent has already been freed.
        return None if self._parent is None else self._parent()

    @parent.setter
    def parent(self, node):
        self._parent = None if node is None else weakref.ref(node)

    def add_child(self, child):
        """Attach `child` (detaching it from any previous parent); return it."""
        if child.parent is not None:
            child.parent.remove_child(child)
        child.parent = self
        self.children.append(child)
        return child

    def remove_child(self, child):
        """Detach `child`; its parent becomes None."""
        self.children.remove(child)
        child.parent = None

    def root(self):
        """The top-most ancestor that is still alive (self if none)."""
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    def path(self):
        """Names from the root down to this node, joined with '/'."""
        names = []
        node = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "/".join(reversed(names))

    def __repr__(self):
        return f"Node({self.name!r})"
