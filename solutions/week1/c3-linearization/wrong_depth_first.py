# wrong: classic depth-first, left-to-right search keeping the first occurrence (the Python 2 "classic class" order)
from collections.abc import Mapping, Sequence


def _dfs(node, bases_of, out):
    if node in out:
        return
    out.append(node)
    for base in bases_of(node):
        _dfs(base, bases_of, out)


def c3_linearize(graph: Mapping[str, Sequence[str]], name: str) -> list[str]:
    out: list[str] = []
    _dfs(name, lambda n: graph.get(n, ()), out)
    return out


def c3_mro(cls: type) -> list[type]:
    out: list[type] = []
    _dfs(cls, lambda c: c.__bases__, out)
    return out
