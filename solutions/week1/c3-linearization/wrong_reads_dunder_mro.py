# wrong: c3_mro copies cls.__mro__ instead of computing it from __bases__
from collections.abc import Callable, Hashable, Mapping, Sequence


def _merge(sequences: list[list]) -> list:
    """Merge linearisations: repeatedly take the first head that is in no tail."""
    result = []
    sequences = [seq for seq in sequences if seq]
    while sequences:
        for seq in sequences:
            head = seq[0]
            if not any(head in other[1:] for other in sequences):
                break
        else:
            heads = ", ".join(str(getattr(s[0], "__name__", s[0])) for s in sequences)
            raise TypeError(
                f"Cannot create a consistent method resolution order (MRO) for bases {heads}"
            )
        result.append(head)
        sequences = [seq[1:] if seq[0] == head else seq for seq in sequences]
        sequences = [seq for seq in sequences if seq]
    return result


def _linearize(node: Hashable, bases_of: Callable[[Hashable], Sequence], memo: dict) -> list:
    if node in memo:
        return memo[node]
    bases = list(bases_of(node))
    seen = set()
    for base in bases:
        if base in seen:
            raise TypeError(f"duplicate base class {getattr(base, '__name__', base)}")
        seen.add(base)
    result = [node] + _merge([_linearize(b, bases_of, memo) for b in bases] + [bases])
    memo[node] = result
    return result


def c3_linearize(graph: Mapping[str, Sequence[str]], name: str) -> list[str]:
    """Linearise `name` in a graph {name: [base names, in order]}.

    Names that are not keys of the graph have no bases.
    """
    return list(_linearize(name, lambda n: graph.get(n, ()), {}))


def c3_mro(cls: type) -> list[type]:
    """Compute the MRO of cls from __bases__ alone (never __mro__ or mro())."""
    return list(cls.__mro__)
