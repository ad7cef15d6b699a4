"""Read the bytecode with dis: three small tools."""
import dis


def op_counts(func):
    """{opname: count} over func's own code (nested code objects not counted)."""
    raise NotImplementedError


def global_names(func):
    """The names func looks up with LOAD_GLOBAL, nested code objects included."""
    raise NotImplementedError


def constants(func):
    """The values func's own code loads with LOAD_CONST, in order, except None and code objects."""
    raise NotImplementedError
