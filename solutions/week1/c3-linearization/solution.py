"""C3 linearisation, the algorithm behind Python's __mro__ (reference)."""
from collections.abc import Callable, Hashable, Mapping, Sequence


def _merge(sequences: list[list]) -> list:
    """Merge linearisations: repeatedly take the first head that is in no tail."""
    result = []
    sequences = [seq for seq in sequences if seq]
    while sequences:
        for seq in sequences:
            head = seq[0]
            # A "good head" must not be waiting behind something else in any list:
            # appearing in a tail means some class wants another class before it.
            if not any(head in other[1:] for other in sequences):
                break
        else:
            heads = ", ".join(str(getattr(s[0], "__name__", s[0])) for s in sequences)
            raise TypeError(
                f"Cannot create a consistent method resolution order (MRO) for bases {heads}"
            )
        result.append(head)
        # The chosen head leaves every list it heads (it can only ever be a head there).
        sequences = [seq[1:] if seq[0] == head else seq for seq in sequences]
        sequences = [seq for seq in sequences if seq]
    return result


def _linearize(node: Hashable, bases_of: Callable[[Hashable], Sequence], memo: dict) -> list:
    if node in memo:
        # Shared ancestors (diamonds) are linearised once: without this, a deep
        # hierarchy where every class has two parents costs 2**depth merges.
        return memo[node]
    bases = list(bases_of(node))
    seen = set()
    for base in bases:
        if base in seen:
            raise TypeError(f"duplicate base class {getattr(base, '__name__', base)}")
        seen.add(base)
    # L[C] = C + merge(L[B1], ..., L[Bn], [B1, ..., Bn]). The last list keeps the
    # order in which the bases were written (local precedence order).
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
    return list(_linearize(cls, lambda c: c.__bases__, {}))
