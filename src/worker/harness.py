"""The Python half of a grading child: loads the learner's module afresh for
every case and runs the case's code in it.

It is imported once in the zygote, before any learner code exists, so the
references it keeps to the standard library (``_exec``, ``_perf`` …) are the
real ones even if a submission later replaces builtins or patches modules.
Nothing here ever sees an expected value: it returns what happened and the
Rust side of the child turns it into a canonical result line.
"""

import builtins
import gc
import sys

_exec = builtins.exec
_import = builtins.__import__
_eval = builtins.eval
_compile = builtins.compile
_isinstance = builtins.isinstance
_hasattr = builtins.hasattr
_type = builtins.type
_str = builtins.str
_repr = builtins.repr
_dict = builtins.dict
_list = builtins.list
_BaseException = builtins.BaseException
# The types the `types` module names, without importing it (as it finds them).
_ModuleType = _type(sys)
_GeneratorType = _type((lambda: (yield))())


async def _coroutine():
    pass


_probe = _coroutine()
_CoroutineType = _type(_probe)
_probe.close()
del _probe, _coroutine
_modules = sys.modules
_stdout = sys.stdout
_stderr = sys.stderr
_original_builtins = _dict(builtins.__dict__)
_perf = __import__("time").perf_counter
# The C halves of tracemalloc and (below) ast: their Python modules import
# re, collections, pickle and more, tens of milliseconds of every run.
_tracemalloc = __import__("_tracemalloc")

# ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, ast.PyCF_ONLY_AST and inspect.CO_COROUTINE,
# without importing ast and inspect into every zygote.
_TOP_LEVEL_AWAIT = 0x2000
_PyCF_ONLY_AST = 0x0400
_CO_COROUTINE = 0x0080
_CO_ITERABLE_COROUTINE = 0x0100


class Learner:
    """The learner's files, compiled once per child and executed per case."""

    def __init__(self, name, path, display, source, extra):
        self.name = name
        self.path = path
        self.code = _compile_learner(source, display)
        # Other learner modules of the challenge, importable by their stem.
        self.extra = [
            (stem, file, _compile_learner(text, shown))
            for stem, file, shown, text in extra
        ]
        self.files = {display} | {shown for _, _, shown, _ in extra}

    def fresh_module(self):
        for stem, _, _ in self.extra:
            _modules.pop(stem, None)
        # Extra learner modules run on first import, in dependency order, as
        # files on sys.path would: circular imports fail the same way.
        for stem, file, code in self.extra:
            _install(stem, file, code, lazy=True)
        return _install(self.name, self.path, self.code, lazy=False)


def _compile_learner(source, display):
    code = _compile(source, display, "exec", dont_inherit=True)
    _remember_source(display, source.decode("utf-8", "replace"))
    return code


# Source lines by file name, for tracebacks: the sandbox forbids reading the
# learner's files where their names point, and the case's code has no file.
_sources = {}


def _remember_source(filename, text):
    lines = text.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    _sources[filename] = lines


class _SourceLoader:
    """The learner modules' ``__loader__``: ``linecache`` (and so
    ``inspect.getsource`` and ``traceback`` in learner code) asks it for
    their source."""

    def __init__(self, filename):
        self.filename = filename

    def get_source(self, name):
        return "".join(_sources.get(self.filename, ())) or None


def _install(name, path, code, lazy):
    module = _ModuleType(name)
    module.__file__ = path
    module.__loader__ = _SourceLoader(code.co_filename)
    module.__builtins__ = builtins
    if lazy:
        _pending[name] = (module, code)
        return module
    # Registered before it runs, like importlib does, so that dataclasses,
    # pickle, typing and circular imports see the real module.
    _modules[name] = module
    _exec(code, module.__dict__)
    return module


_pending = {}


class _PendingFinder:
    """Imports an extra learner module from its precompiled code."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name not in _pending:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, _PendingLoader, origin=_pending[name][0].__file__)


class _PendingLoader:
    @staticmethod
    def create_module(spec):
        return _pending[spec.name][0]

    @staticmethod
    def exec_module(module):
        code = _pending.pop(module.__name__)[1]
        _exec(code, module.__dict__)


def _restore_process_state():
    """Undo what a previous case may have replaced in shared places."""
    sys.stdout = _stdout
    sys.stderr = _stderr
    if sys.meta_path[:1] != [_PendingFinder]:
        sys.meta_path[:] = [_PendingFinder] + [f for f in sys.meta_path if f is not _PendingFinder]
    current = builtins.__dict__
    # Comparing is a quarter of the cost of restoring, and almost always
    # all there is to do.
    if current == _original_builtins:
        return
    for key in _list(current):
        if key not in _original_builtins:
            del current[key]
    current.update(_original_builtins)


def _is_awaitable(value):
    if _isinstance(value, _CoroutineType):
        return True
    if _isinstance(value, _GeneratorType):
        return bool(value.gi_code.co_flags & _CO_ITERABLE_COROUTINE)
    return _hasattr(_type(value), "__await__")


def _run_async(loop, awaitable):
    async def wrap():
        return await awaitable

    return loop.run_until_complete(wrap())


def _new_loop():
    import asyncio

    return asyncio.new_event_loop()


def _close_loop(loop):
    import asyncio

    try:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def load(name, path, display, source, extra):
    """Compile the learner's files: a SyntaxError becomes an `invalid` verdict."""
    return Learner(name, path, display, source, extra)


_write = __import__("os").write
_RESULTS_FD = 3
# Set by the child: the marker of result frames in its output channel.
_TOKEN = b""
_loaded_announced = False


def _announce_loaded():
    """Tell the zygote the module loads: a later hang is the case's own."""
    global _loaded_announced
    if not _loaded_announced:
        _loaded_announced = True
        _stdout.flush()
        _write(_RESULTS_FD, _TOKEN + b"L\n")


# `max_ratio` cases are timed more than once while they are fast, so that a
# noisy machine does not decide them: the best of the runs counts.
_TIMED_RUNS = 5
_TIMED_BUDGET = 0.1


def run_case(learner, setup, expr, trace_memory, timed):
    """Run one case. Returns (kind, payload, seconds, peak_bytes, best) where
    kind is "value" (payload: the value) or "raised" (payload: the
    exception), and best is the fastest time of setup+expr over the runs."""
    kind, payload, seconds, peak, best = _run_once(learner, setup, expr, trace_memory)
    if timed:
        spent = seconds
        for _ in range(_TIMED_RUNS - 1):
            if spent >= _TIMED_BUDGET:
                break
            again = _run_once(learner, setup, expr, False)
            spent += again[2]
            best = min(best, again[4])
    return kind, payload, seconds, peak, best


def _run_once(learner, setup, expr, trace_memory):
    _restore_process_state()
    loop = None
    peak = None
    started = _perf()
    body_started = started
    try:
        if trace_memory:
            gc.collect()
            _tracemalloc.start()
        module = learner.fresh_module()
        _announce_loaded()
        # A fresh namespace holding the module's names (SPEC §2): what a
        # case defines stays out of the module; rebound globals are read
        # through the module itself (`solution.TOTAL`).
        namespace = _dict(module.__dict__)
        namespace.setdefault(learner.name, module)
        body_started = _perf()
        if setup is not None:
            _remember_source("<setup>", setup)
            code = _compile(setup, "<setup>", "exec", _TOP_LEVEL_AWAIT, dont_inherit=True)
            if code.co_flags & _CO_COROUTINE:
                loop = _new_loop()
                loop.run_until_complete(_eval(code, namespace))
            else:
                _eval(code, namespace)
        value = None
        if expr is not None:
            _remember_source("<expr>", expr)
            code = _compile(expr, "<expr>", "eval", _TOP_LEVEL_AWAIT, dont_inherit=True)
            if code.co_flags & _CO_COROUTINE:
                loop = loop or _new_loop()
                value = loop.run_until_complete(_eval(code, namespace))
            else:
                value = _eval(code, namespace)
                if _is_awaitable(value):
                    loop = loop or _new_loop()
                    value = _run_async(loop, value)
        ended = _perf()
        if trace_memory:
            peak = _tracemalloc.get_traced_memory()[1]
        return ("value", value, ended - started, peak, ended - body_started)
    except _BaseException as error:  # noqa: BLE001 - every outcome is a verdict
        ended = _perf()
        return ("raised", error, ended - started, peak, ended - body_started)
    finally:
        if trace_memory and _tracemalloc.is_tracing():
            _tracemalloc.stop()
        if loop is not None:
            try:
                _close_loop(loop)
            except _BaseException:
                pass
        _flush()


def _flush():
    for stream in (_stdout, _stderr):
        try:
            stream.flush()
        except _BaseException:
            pass


def describe_exception(error, learner_files):
    """(qualified type name, MRO names, message, traceback of learner frames)."""
    kind = _type(error)
    names = []
    for cls in kind.__mro__:
        module = getattr(cls, "__module__", "builtins")
        qualname = getattr(cls, "__qualname__", cls.__name__)
        names.append(qualname if module == "builtins" else f"{module}.{qualname}")
    try:
        message = _str(error)
    except _BaseException:
        message = "<str() of the exception failed>"
    return names[0], names, message, _learner_traceback(error, learner_files)


def _learner_traceback(error, learner_files):
    """The learner's frames of the traceback, formatted as CPython 3.11's
    ``traceback`` module would (carets included), without importing it."""
    keep = set(learner_files) | {"<setup>", "<expr>"}
    try:
        frames = []
        tb = error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename in keep:
                lineno, end_lineno, colno, end_colno = _code_position(code, tb.tb_lasti)
                if lineno is None:
                    lineno = tb.tb_lineno
                frames.append((code.co_filename, lineno, end_lineno, colno, end_colno, code.co_name))
            tb = tb.tb_next
        lines = ["Traceback (most recent call last):\n"]
        lines += _format_stack(frames)
        lines += _format_exception_only(error)
        return "".join(lines)
    except _BaseException:
        return ""


def _code_position(code, lasti):
    if lasti >= 0:
        wanted = lasti // 2
        for index, position in enumerate(code.co_positions()):
            if index == wanted:
                return position
    return None, None, None, None


_RECURSIVE_CUTOFF = 3


def _format_stack(frames):
    """traceback.StackSummary.format: long runs of one frame are collapsed."""
    result = []
    last = None
    count = 0

    def repeated():
        more = count - _RECURSIVE_CUTOFF
        return f"  [Previous line repeated {more} more time{'s' if more > 1 else ''}]\n"

    for frame in frames:
        if last != (frame[0], frame[1], frame[5]):
            if count > _RECURSIVE_CUTOFF:
                result.append(repeated())
            last = (frame[0], frame[1], frame[5])
            count = 0
        count += 1
        if count > _RECURSIVE_CUTOFF:
            continue
        result.append(_format_frame(*frame))
    if count > _RECURSIVE_CUTOFF:
        result.append(repeated())
    return result


def _format_frame(filename, lineno, end_lineno, colno, end_colno, name):
    """traceback.StackSummary.format_frame_summary of CPython 3.11."""
    row = [f'  File "{filename}", line {lineno}, in {name}\n']
    lines = _sources.get(filename, ())
    line = lines[lineno - 1] if lineno is not None and 0 < lineno <= len(lines) else ""
    stripped_line = line.strip()
    if not stripped_line:
        return "".join(row)
    row.append(f"    {stripped_line}\n")
    stripped_characters = len(line) - len(stripped_line)
    if colno is None or end_colno is None:
        return "".join(row)
    start_offset = _character_offset(line, colno)
    end_offset = _character_offset(line, end_colno)
    segment = line[start_offset:end_offset]
    anchors = None
    if lineno == end_lineno:
        try:
            anchors = _caret_anchors(segment)
        except Exception:
            anchors = None
    else:
        end_offset = len(line.rstrip())
    if end_offset - start_offset < len(stripped_line) or (anchors and anchors[1] - anchors[0] > 0):
        start = _display_width(line, start_offset) + 1
        end = _display_width(line, end_offset) + 1
        row.append("    ")
        row.append(" " * (start - stripped_characters))
        if anchors:
            left = _display_width(segment, anchors[0])
            right = _display_width(segment, anchors[1])
            row.append("~" * left)
            row.append("^" * (right - left))
            row.append("~" * (end - start - right))
        else:
            row.append("^" * (end - start))
        row.append("\n")
    return "".join(row)


def _character_offset(text, byte_offset):
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))


def _caret_anchors(segment):
    """traceback._extract_caret_anchors_from_line_segment, on the C-level
    syntax tree that compile() returns (the ast module is not imported)."""
    # Only a binary operation or a subscript gets anchors. Cheap tests rule
    # most segments out first: the syntax tree's 120 node types take
    # milliseconds to create, in every child that shows a traceback.
    words = segment.split(None, 1)
    if not words or words[0] in _STATEMENT_KEYWORDS:
        return None
    if not any(char in segment for char in "[+-*/%@&|^<>"):
        return None
    _ast = _import("_ast")
    try:
        tree = _compile(segment, "<unknown>", "exec", _PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not _isinstance(tree.body[0], _ast.Expr):
        return None
    expr = tree.body[0].value
    if _isinstance(expr, _ast.BinOp):
        operator_start = _character_offset(segment, expr.left.end_col_offset)
        operator_end = _character_offset(segment, expr.right.col_offset)
        operator_str = segment[operator_start:operator_end]
        operator_offset = len(operator_str) - len(operator_str.lstrip())
        left_anchor = expr.left.end_col_offset + operator_offset
        right_anchor = left_anchor + 1
        if operator_offset + 1 < len(operator_str) and not operator_str[operator_offset + 1].isspace():
            right_anchor += 1
        while left_anchor < len(segment) and (
            segment[left_anchor].isspace() or segment[left_anchor] in ")#"
        ):
            left_anchor += 1
            right_anchor += 1
        return _character_offset(segment, left_anchor), _character_offset(segment, right_anchor)
    if _isinstance(expr, _ast.Subscript):
        left_anchor = _character_offset(segment, expr.value.end_col_offset)
        right_anchor = _character_offset(segment, expr.slice.end_col_offset + 1)
        while left_anchor < len(segment) and (segment[left_anchor].isspace() or segment[left_anchor] != "["):
            left_anchor += 1
        while right_anchor < len(segment) and (segment[right_anchor].isspace() or segment[right_anchor] != "]"):
            right_anchor += 1
        if right_anchor < len(segment):
            right_anchor += 1
        return left_anchor, right_anchor
    return None


_STATEMENT_KEYWORDS = frozenset(
    "raise assert del import from return pass break continue global nonlocal "
    "if elif else for while with try except finally def class async".split()
)


def _display_width(line, offset):
    if line.isascii():
        return offset
    unicodedata = _import("unicodedata")
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line[:offset])


def _format_exception_only(error):
    """traceback.TracebackException.format_exception_only of CPython 3.11."""
    kind = _type(error)
    stype = kind.__qualname__
    smod = kind.__module__
    if smod not in ("__main__", "builtins"):
        if not _isinstance(smod, _str):
            smod = "<unknown>"
        stype = smod + "." + stype
    if issubclass(kind, SyntaxError):
        lines = _format_syntax_error(error, stype)
    else:
        text = _safe_string(error, "exception")
        lines = [f"{stype}: {text}\n" if text else f"{stype}\n"]
    notes = getattr(error, "__notes__", None)
    if _isinstance(notes, (_list, tuple, _str, range)):
        for note in notes:
            lines += [part + "\n" for part in _safe_string(note, "note").split("\n")]
    elif notes is not None:
        lines.append(_safe_string(notes, "__notes__", _repr))
    return lines


def _format_syntax_error(error, stype):
    lines = []
    filename_suffix = ""
    lineno = error.lineno
    if lineno is not None:
        lines.append(f'  File "{error.filename or "<string>"}", line {lineno}\n')
    elif error.filename is not None:
        filename_suffix = f" ({error.filename})"
    text = error.text
    if text is not None:
        rtext = text.rstrip("\n")
        ltext = rtext.lstrip(" \n\f")
        spaces = len(rtext) - len(ltext)
        lines.append(f"    {ltext}\n")
        if error.offset is not None:
            offset = error.offset
            end_offset = error.end_offset if error.end_offset not in {None, 0} else offset
            if offset == end_offset or end_offset == -1:
                end_offset = offset + 1
            colno = offset - 1 - spaces
            end_colno = end_offset - 1 - spaces
            if colno >= 0:
                caretspace = "".join(c if c.isspace() else " " for c in ltext[:colno])
                lines.append(f"    {caretspace}{'^' * (end_colno - colno)}\n")
    msg = error.msg or "<no detail available>"
    lines.append(f"{stype}: {msg}{filename_suffix}\n")
    return lines


def _safe_string(value, what, func=_str):
    try:
        return func(value)
    except _BaseException:
        return f"<{what} {func.__name__}() failed>"


def syntax_error(error):
    """(message, line, column, text) of a SyntaxError raised by compile()."""
    return (
        _str(getattr(error, "msg", error)),
        getattr(error, "lineno", None),
        getattr(error, "offset", None),
        getattr(error, "text", None),
        _type(error).__name__,
    )


def repr_of(value):
    try:
        return _repr(value)
    except _BaseException as error:
        return f"<repr() failed: {_type(error).__name__}>"


sys.meta_path.insert(0, _PendingFinder)
