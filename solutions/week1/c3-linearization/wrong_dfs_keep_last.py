# wrong: depth-first search keeping the LAST occurrence of each class: right for simple diamonds, but it never detects inconsistent hierarchies
from collections.abc import Mapping, Sequence


def _dfs(node, bases_of, out):
    out.append(node)
    for base in bases_of(node):
        _dfs(base, bases_of, out)


def _keep_last(seq):
    seen = set()
    result = []
    for item in reversed(seq):
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result[::-1]


def c3_linearize(graph: Mapping[str, Sequence[str]], name: str) -> list[str]:
    out: list[str] = []
    _dfs(name, lambda n: graph.get(n, ()), out)
    return _keep_last(out)


def c3_mro(cls: type) -> list[type]:
    out: list[type] = []
    _dfs(cls, lambda c: c.__bases__, out)
    return _keep_last(out)
