"""C3 linearisation, the algorithm behind Python's __mro__."""
from collections.abc import Mapping, Sequence


def c3_linearize(graph: Mapping[str, Sequence[str]], name: str) -> list[str]:
    """Linearise `name` in a graph {name: [base names, in order]}.

    Names that are not keys of the graph have no bases. Raise TypeError when
    no consistent order exists, or when a node lists the same base twice.
    """
    raise NotImplementedError


def c3_mro(cls: type) -> list[type]:
    """Compute the MRO of cls from __bases__ alone (never __mro__ or mro()).

    For every ordinary class C, c3_mro(C) == list(C.__mro__).
    """
    raise NotImplementedError
