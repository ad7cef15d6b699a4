# wrong: constants returns co_consts minus None and code: the docstring is included and a value loaded twice appears once
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
    return [c for c in func.__code__.co_consts if c is not None and not isinstance(c, types.CodeType)]
