# wrong: op_counts also counts the instructions of nested code objects, so a comprehension's loop is attributed to the enclosing function
"""Read the bytecode with dis: three small tools.

Reference solution.
"""
import dis
import types
from collections import Counter


def op_counts(func):
    counts = Counter()
    def walk(code):
        for ins in dis.get_instructions(code):
            counts[ins.opname] += 1
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                walk(const)
    walk(func.__code__)
    return dict(counts)


def global_names(func):
    """The names func looks up with LOAD_GLOBAL, nested code objects included."""
    return _globals_in(func.__code__)


def _globals_in(code):
    names = {ins.argval for ins in dis.get_instructions(code) if ins.opname == "LOAD_GLOBAL"}
    # co_names would not do: it also holds attribute names (`sqrt` in
    # math.sqrt) and names that are stored, not loaded.
    for const in code.co_consts:
        if isinstance(const, types.CodeType):  # comprehension, lambda, inner def
            names |= _globals_in(const)
    return names


def constants(func):
    """The values func's own code loads with LOAD_CONST, in order, except None and code objects."""
    # co_consts is not the answer either: it holds the docstring (never
    # loaded) and each value once, whatever the number of loads.
    return [
        ins.argval
        for ins in dis.get_instructions(func)
        if ins.opname == "LOAD_CONST"
        and ins.argval is not None
        and not isinstance(ins.argval, types.CodeType)
    ]
