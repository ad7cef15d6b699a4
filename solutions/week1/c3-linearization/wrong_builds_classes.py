# wrong: c3_linearize builds a real class per node with type() and reads its __mro__: Python does the merge
def c3_linearize(graph, name):
    made = {}
    def make(n):
        if n not in made:
            made[n] = type(n, tuple(make(b) for b in graph.get(n, ())), {})
        return made[n]
    return [c.__name__ for c in make(name).__mro__ if c is not object]

def c3_mro(cls):
    if cls is object:
        return [object]
    tmp = type("tmp", cls.__bases__, {})
    return [cls] + list(tmp.__mro__[1:])
