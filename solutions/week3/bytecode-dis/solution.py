"""Read the bytecode with dis: three small tools.

Reference solution.
"""
import dis
import types
from collections import Counter


def op_counts(func):
    """{opname: count} over func's own code (nested code objects not counted)."""
    # get_instructions walks one code object only: a comprehension or a
    # lambda inside func is a separate code object, loaded as a constant.
    return dict(Counter(ins.opname for ins in dis.get_instructions(func)))


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
