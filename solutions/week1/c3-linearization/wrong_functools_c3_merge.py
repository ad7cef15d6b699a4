# wrong: hands the merge to the private functools._c3_merge instead of writing it
import functools
def _lin(node, bases_of, memo):
    if node not in memo:
        bases = list(bases_of(node))
        if len(set(bases)) != len(bases):
            raise TypeError("duplicate base")
        try:
            memo[node] = [node] + functools._c3_merge([_lin(b, bases_of, memo) for b in bases] + [bases])
        except RuntimeError:
            raise TypeError("Cannot create a consistent method resolution order") from None
    return memo[node]
def c3_linearize(graph, name):
    return list(_lin(name, lambda n: graph.get(n, ()), {}))
def c3_mro(cls):
    return list(_lin(cls, lambda c: c.__bases__, {}))
