"""A tree of named nodes.

BUG REPORT: long-running services that build and drop thousands of these
trees see their memory grow between garbage-collector runs, and with
`gc.disable()` (which the service uses in its hot loop) it never comes back.
Every tree that is dropped should be freed at once by reference counting.
Find the reference cycle and break it without changing the public API.
"""


class Node:
    """A node with a name, an ordered list of children and a parent."""

    def __init__(self, name):
        self.name = name
        self.children = []
        self.parent = None

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
