"""The Python half of a grading child: loads the learner's module afresh for
every case and runs the case's code in it.

It is imported once in the zygote, before any learner code exists, so the
references it keeps to the standard library (``_exec`` …) are the real ones
even if a submission later replaces builtins or patches modules. Still,
once learner code runs, everything here is the learner's to rewrite: this
module is a convenience for honest code, never a guarantee. Nothing here
ever sees an expected value or measures anything that decides a case (the
zygote measures, from outside); it reports what happened and the Rust side
of the child turns that into a result line.
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
_tuple = builtins.tuple
_enumerate = builtins.enumerate
_BaseException = builtins.BaseException
# The types the `types` module names, without importing it (as it finds them).
_ModuleType = _type(sys)
_GeneratorType = _type((lambda: (yield))())


async def _coroutine():
    pass


_CodeType = _type(_coroutine.__code__)
_probe = _coroutine()
_CoroutineType = _type(_probe)
_probe.close()
del _probe, _coroutine
_modules = sys.modules
_stdout = sys.stdout
_stderr = sys.stderr
_original_builtins = _dict(builtins.__dict__)
_recursion_limit = sys.getrecursionlimit()
_original_path = _list(sys.path)
_getcwd = __import__("os").getcwd
_chdir = __import__("os").chdir
# The child's scratch folder, its working directory (set by `prepare`).
_scratch = None
_id = builtins.id

# ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, ast.PyCF_ONLY_AST and inspect.CO_COROUTINE,
# without importing ast and inspect into every zygote (the C half of ast,
# `_ast`, is imported only when a traceback needs carets).
_TOP_LEVEL_AWAIT = 0x2000
_PyCF_ONLY_AST = 0x0400
_CO_COROUTINE = 0x0080
_CO_ITERABLE_COROUTINE = 0x0100


class Learner:
    """The learner's files, compiled once per child and executed per case."""

    def __init__(self, name, path, display, source, extra):
        self.name = name
        self.path = path
        # The case's working folder: the one its files were copied to (a
        # job of several challenges gives each a folder of its own).
        self.folder = path.rpartition("/")[0] or "."
        self.code = _compile_learner(source, display)
        # Other learner modules of the challenge, importable by their stem.
        self.extra = [
            (stem, file, _compile_learner(text, shown))
            for stem, file, shown, text in extra
        ]
        self.files = {display} | {shown for _, _, shown, _ in extra}

    def fresh_module(self):
        # No module of another challenge of the job (or of an earlier
        # case) stays importable: each case sees its own challenge's only.
        for name in _learner_modules:
            _modules.pop(name, None)
            _pending.pop(name, None)
        _learner_modules.add(self.name)
        _learner_modules.update(stem for stem, _, _ in self.extra)
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
# Names of every learner module installed in this child.
_learner_modules = set()


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


def _restore_process_state(folder):
    """Undo what a previous case may have changed of the process: honest
    code that fails halfway must not decide a later case's verdict. (What
    a case does to modules it imported stays: restoring every module of
    the process would cost more than the case.)"""
    sys.stdout = _stdout
    sys.stderr = _stderr
    if sys.getrecursionlimit() != _recursion_limit:
        sys.setrecursionlimit(_recursion_limit)
    if not gc.isenabled():
        gc.enable()
    if sys.path != _original_path:
        sys.path[:] = _original_path
    if _scratch is not None and _getcwd() != folder:
        try:
            _chdir(folder)
        except OSError:
            pass
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


# Code that `dataclasses` and `namedtuple` generate for each class they make
# (`__init__`, `__eq__`, `__new__` …), compiled once per child rather than
# once per class made: a case re-executes the learner's module, and with it
# every @dataclass, whose compiling was most of such a module's cost. The
# same text gives an equal code object, so the learner's classes are what
# they would be; only the time changes.
_generated_code = {}
_codegen_patched = set()
_getframe = sys._getframe


def _cached_code(source, mode):
    code = _generated_code.get((mode, source))
    if code is None:
        code = _compile(source, "<string>", mode, dont_inherit=True)
        _generated_code[(mode, source)] = code
    return code


def _generated(builtin, mode):
    """`builtin` (exec or eval) with the code of text sources cached."""

    def run(source, globals=None, locals=None, /):
        if globals is None:
            # As the builtin would: the caller's namespaces.
            caller = _getframe(1)
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        if _type(source) is _str:
            source = _cached_code(source, mode)
        return builtin(source, globals, locals)

    return run


# The modules that generate code, and the builtin each calls: shadowed by
# a module global, which only that module's own code sees.
_CODEGEN = (
    ("dataclasses", "exec", _generated(_exec, "exec")),
    ("collections", "eval", _generated(_eval, "eval")),
)


def _cache_generated_code():
    for name, builtin, cached in _CODEGEN:
        if name in _codegen_patched:
            continue
        module = _modules.get(name)
        if _type(module) is not _ModuleType:
            continue
        try:
            namespace = module.__dict__
            if builtin not in namespace:
                namespace[builtin] = cached
            _codegen_patched.add(name)
        except _BaseException:  # noqa: BLE001 - learner code may have replaced it
            pass


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


def prepare(scratch):
    """Point temporary files and the home folder at the scratch folder, the
    one place the child may write."""
    global _scratch
    environ = _import("os").environ
    environ["HOME"] = scratch
    environ["TMPDIR"] = scratch
    _scratch = scratch


_write = __import__("os").write
_RESULTS_FD = 3
# Set by the child: the marker of result frames in its output channel.
_TOKEN = b""
_loaded = set()


def _announce_loaded(unit):
    """Tell the zygote the unit's module loads: a later hang is the case's own."""
    if unit not in _loaded:
        _loaded.add(unit)
        _stdout.flush()
        _write(_RESULTS_FD, _TOKEN + b"L" + _str(unit).encode() + b"\n")


# Visible cases' code, compiled once in the zygote for every child: a
# class runs each case once per learner. (Hidden cases' code never reaches
# the zygote: children compile it.)
_precompiled = {}


def precompile(setups, exprs):
    for mode, filename, sources in (("exec", "<setup>", setups), ("eval", "<expr>", exprs)):
        for source in sources:
            try:
                _precompiled[(mode, source)] = _compile(
                    source, filename, mode, _TOP_LEVEL_AWAIT, dont_inherit=True
                )
            except SyntaxError:
                # `grade check` reports it; the child compiles it again and
                # reports the case's own error.
                pass


def _case_code(source, filename, mode):
    code = _precompiled.get((mode, source))
    if code is None:
        code = _compile(source, filename, mode, _TOP_LEVEL_AWAIT, dont_inherit=True)
    return code


def run_case(learner, unit, setup, expr):
    """Run one case. Returns (kind, payload): kind is "value" (payload: the
    value), "raised" (payload: the exception from setup or expr) or
    "load" (payload: the exception the module raised while loading)."""
    _restore_process_state(learner.folder)
    _cache_generated_code()
    loop = None
    try:
        try:
            module = learner.fresh_module()
        except _BaseException as error:  # noqa: BLE001 - a load failure is a verdict
            return ("load", error)
        _announce_loaded(unit)
        # A fresh namespace holding the module's names (SPEC §2): what a
        # case defines stays out of the module; rebound globals are read
        # through the module itself (`solution.TOTAL`).
        namespace = _dict(module.__dict__)
        namespace.setdefault(learner.name, module)
        if setup is not None:
            _remember_source("<setup>", setup)
            code = _case_code(setup, "<setup>", "exec")
            if code.co_flags & _CO_COROUTINE:
                loop = _new_loop()
                loop.run_until_complete(_eval(code, namespace))
            else:
                _eval(code, namespace)
        value = None
        if expr is not None:
            _remember_source("<expr>", expr)
            code = _case_code(expr, "<expr>", "eval")
            if code.co_flags & _CO_COROUTINE:
                loop = loop or _new_loop()
                value = loop.run_until_complete(_eval(code, namespace))
            else:
                value = _eval(code, namespace)
                if _is_awaitable(value):
                    loop = loop or _new_loop()
                    value = _run_async(loop, value)
        return ("value", value)
    except _BaseException as error:  # noqa: BLE001 - every outcome is a verdict
        return ("raised", error)
    finally:
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


# The exception classes the zygote resolved before any learner code ran,
# by id (a learner metaclass could make a class compare equal to anything),
# each to its table index.
_TABLE = ()
_TABLE_INDEX = {}
_TABLE_NAMES = []


def set_table(classes):
    """Called in the zygote: `classes` holds a class object or None per
    table index; equal objects keep their first index."""
    global _TABLE, _TABLE_INDEX
    _TABLE = _tuple(classes)
    _TABLE_INDEX = {}
    for index, cls in _enumerate(_TABLE):
        if cls is not None and _id(cls) not in _TABLE_INDEX:
            _TABLE_INDEX[_id(cls)] = index


# Texts longer than this are cut here already: the grader caps them again,
# this only spares an honest program sending megabytes it will not see.
_TEXT_CAP = 65536
# Tracebacks longer than this many frames keep their first and last halves.
_FRAMES_CAP = 60


def _cap(text):
    return text if len(text) <= _TEXT_CAP else text[:_TEXT_CAP]


def describe_exception(error, learner_files):
    """(display name, table indices of its MRO, table index of its class or
    None, names of its MRO's classes outside the table, message, traceback
    entries, exception lines)."""
    kind = _type(error)
    table = []
    unlisted = []
    for cls in kind.__mro__:
        index = _TABLE_INDEX.get(_id(cls))
        if index is not None:
            table.append(index)
        else:
            unlisted.append(_qualified(cls))
    exact = _TABLE_INDEX.get(_id(kind))
    message = _cap(_safe_string(error, "exception"))
    entries, lines = _learner_traceback(error, learner_files)
    return _qualified(kind), table, exact, unlisted, message, entries, lines


def _qualified(cls):
    module = getattr(cls, "__module__", "builtins")
    qualname = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", "?")
    if not _isinstance(module, _str) or not _isinstance(qualname, _str):
        return "<unnamed>"
    return _cap(qualname if module == "builtins" else f"{module}.{qualname}")


def _learner_traceback(error, learner_files):
    """The learner's frames of the traceback as CPython 3.11's ``traceback``
    module would format them (carets included), without importing it:
    ([("frame", file, line, name, source, carets) | ("repeated", n) |
    ("omitted", n)], exception lines)."""
    keep = set(learner_files) | {"<setup>", "<expr>"} | _test_files
    try:
        frames = []
        tb = error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename in keep:
                lineno, end_lineno, colno, end_colno = _code_position(code, tb.tb_lasti)
                if lineno is None:
                    lineno = tb.tb_lineno
                shown = _display_names.get(code.co_filename, code.co_filename)
                frames.append((shown, lineno, end_lineno, colno, end_colno, code.co_name))
            tb = tb.tb_next
        return _format_stack(frames), _format_exception_only(error)
    except _BaseException:
        return [], []


def _code_position(code, lasti):
    if lasti >= 0:
        wanted = lasti // 2
        for index, position in enumerate(code.co_positions()):
            if index == wanted:
                return position
    return None, None, None, None


_RECURSIVE_CUTOFF = 3


def _format_stack(frames):
    """traceback.StackSummary.format: long runs of one frame are collapsed;
    a very long stack keeps its first and last frames."""
    result = []
    last = None
    count = 0
    for frame in frames:
        if last != (frame[0], frame[1], frame[5]):
            if count > _RECURSIVE_CUTOFF:
                result.append(("repeated", count - _RECURSIVE_CUTOFF))
            last = (frame[0], frame[1], frame[5])
            count = 0
        count += 1
        if count > _RECURSIVE_CUTOFF:
            continue
        result.append(frame)
    if count > _RECURSIVE_CUTOFF:
        result.append(("repeated", count - _RECURSIVE_CUTOFF))
    if len(result) > _FRAMES_CAP:
        half = _FRAMES_CAP // 2
        result = result[:half] + [("omitted", len(result) - 2 * half)] + result[-half:]
    return [entry if len(entry) == 2 else _frame_entry(*entry) for entry in result]


def _frame_entry(filename, lineno, end_lineno, colno, end_colno, name):
    """traceback.StackSummary.format_frame_summary of CPython 3.11, as
    ("frame", file, line, name, stripped source, caret line)."""
    lines = _sources.get(filename, ())
    line = lines[lineno - 1] if lineno is not None and 0 < lineno <= len(lines) else ""
    stripped_line = line.strip()
    if not stripped_line:
        return ("frame", filename, lineno, name, None, None)
    stripped_characters = len(line) - len(stripped_line)
    if colno is None or end_colno is None:
        return ("frame", filename, lineno, name, _cap(stripped_line), None)
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
    carets = None
    if end_offset - start_offset < len(line.strip()) or (anchors and anchors[1] - anchors[0] > 0):
        start = _display_width(line, start_offset) + 1
        end = _display_width(line, end_offset) + 1
        row = [" " * (start - stripped_characters)]
        if anchors:
            left = _display_width(segment, anchors[0])
            right = _display_width(segment, anchors[1])
            row.append("~" * left)
            row.append("^" * (right - left))
            row.append("~" * (end - start - right))
        else:
            row.append("^" * (end - start))
        carets = _cap("".join(row))
    return ("frame", filename, lineno, name, _cap(stripped_line), carets)


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
        for note in notes[:_NOTES_CAP]:
            lines += [part + "\n" for part in _cap(_safe_string(note, "note")).split("\n")]
    elif notes is not None:
        lines.append(_cap(_safe_string(notes, "__notes__", _repr)))
    return [_cap(line) for line in lines[:_FRAMES_CAP]]


# Notes beyond this many are left out.
_NOTES_CAP = 20


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
        text = func(value)
    except _BaseException:
        return f"<{what} {func.__name__}() failed>"
    # The scratch folder is the working directory: its files by their
    # relative names, as the learner wrote them (and the run's folder name
    # stays out of reports).
    if _scratch is not None and _isinstance(text, _str):
        text = text.replace(_scratch + "/", "")
    return text


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


def resolve_table(extra_names, importable):
    """The exception table, resolved in the zygote before any learner code
    exists: every builtin exception class by its name (sorted), then each of
    `extra_names` (`json.JSONDecodeError`: a class of a module already
    imported or of one in `importable`, the standard-library modules safe to
    import here). Returns (names, classes) with None for a name that names
    no exception class. A later call extends the table: what it held keeps
    its index and its class (the hidden phase's names come after)."""
    global _TABLE_NAMES
    if not _TABLE_NAMES:
        _TABLE_NAMES = sorted(
            name
            for name, value in builtins.__dict__.items()
            if _isinstance(value, _type) and issubclass(value, _BaseException)
        )
        classes = [builtins.__dict__[name] for name in _TABLE_NAMES]
    else:
        classes = list(_TABLE)
    names = list(_TABLE_NAMES)
    known = set(names)
    for name in extra_names:
        if name not in known:
            known.add(name)
            names.append(name)
            classes.append(_resolve_class(name, importable))
    _TABLE_NAMES = names
    return names, classes


def _resolve_class(name, importable):
    parts = name.split(".")
    if len(parts) == 1:
        found = builtins.__dict__.get(name)
        return found if _is_exception_class(found) else None
    importlib = _import("importlib")
    for split in range(len(parts) - 1, 0, -1):
        module = ".".join(parts[:split])
        found = sys.modules.get(module)
        if found is None and module in importable:
            try:
                found = importlib.import_module(module)
            except Exception:
                continue
        if found is None:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute, None)
        return found if _is_exception_class(found) else None
    return None


def _is_exception_class(value):
    return _isinstance(value, _type) and issubclass(value, _BaseException)


def table_hierarchy():
    """Per table index: (canonical index, canonical indices of its strict
    superclasses in the table), or None."""
    out = []
    for cls in _TABLE:
        if cls is None:
            out.append(None)
            continue
        ancestors = []
        for base in cls.__mro__[1:]:
            index = _TABLE_INDEX.get(_id(base))
            if index is not None and index not in ancestors:
                ancestors.append(index)
        out.append((_TABLE_INDEX[_id(cls)], ancestors))
    return out


# --- Test files (SPEC §2 `test_files`) --------------------------------------
# An instructor's unittest or pytest-style file, run one test per case
# against the freshly loaded learner module. Its verdict is what the test
# itself asserts, in the learner's process: a weaker guarantee than a TOML
# case's (see SECURITY.md), as under pytest.

_test_files = set()
_test_code = {}


def add_path(folder):
    """A folder on every case's path (the course's site-packages)."""
    if folder not in _original_path:
        _original_path.append(folder)
        sys.path.append(folder)


def precompile_tests(files):
    """(file, source, cache path or None): the rewritten code of each test
    file, from the cache when an earlier run left it there."""
    import marshal

    os = _import("os")
    for filename, source, cached in files:
        code = None
        if cached is not None:
            try:
                with open(cached, "rb") as stored:
                    code = marshal.loads(stored.read())
            except (OSError, ValueError, EOFError, TypeError):
                code = None
        if not _isinstance(code, _CodeType):
            try:
                code = _compile(_rewrite_asserts(source, filename), filename, "exec", dont_inherit=True)
            except SyntaxError:
                # The child compiles it again and reports the error.
                continue
            if cached is not None:
                # Best effort, and atomic: a reader sees all or nothing.
                try:
                    os.makedirs(os.path.dirname(cached), exist_ok=True)
                    partial = f"{cached}.{os.getpid()}"
                    with open(partial, "wb") as out:
                        out.write(marshal.dumps(code))
                    os.replace(partial, cached)
                except OSError:
                    pass
        _test_code[(filename, source)] = code


def run_test(source, filename, module_name, class_name, test_name, helpers=(), pytest_file=False):
    """Runs one test. Returns None when it passed, ("skipped", reason) or
    ("xfailed", reason); raises what made it fail. `helpers`: (module,
    file, source) of the instructor's modules the file imports, loaded
    afresh on first import, as learner modules are. A `pytest_file` (it
    imports pytest, or a conftest.py sits beside it) runs under pytest
    itself, so fixtures, conftest, marks and plugins are pytest's own."""
    if pytest_file:
        return _run_pytest(source, filename, module_name, class_name, test_name, helpers)
    for helper, helper_file, helper_source in helpers:
        _test_files.add(helper_file)
        _remember_source(helper_file, helper_source)
        helper_code = _test_code.get((helper_file, helper_source))
        if helper_code is None:
            helper_code = _compile(helper_source, helper_file, "exec", dont_inherit=True)
            _test_code[(helper_file, helper_source)] = helper_code
        _install(helper, helper_file, helper_code, lazy=True)
        _learner_modules.add(helper)
    _test_files.add(filename)
    _remember_source(filename, source)
    code = _test_code.get((filename, source))
    if code is None:
        code = _compile(_rewrite_asserts(source, filename), filename, "exec", dont_inherit=True)
        _test_code[(filename, source)] = code
    module = _ModuleType(module_name)
    module.__file__ = filename
    module.__loader__ = _SourceLoader(filename)
    module.__builtins__ = builtins
    module.__dict__["@explain"] = _explain
    # Importable by its stem (helpers and unittest's module fixtures look
    # it up), and gone before the next case, as a learner module is.
    _modules[module_name] = module
    _learner_modules.add(module_name)
    _exec(code, module.__dict__)
    if class_name is None:
        function = module.__dict__[test_name]
        if _fixtures_of(function):
            # Fixtures such as tmp_path need no `import pytest`.
            return _run_pytest(source, filename, module_name, class_name, test_name, helpers)
        return _call_test(function, test_name)
    import unittest

    cls = module.__dict__[class_name]
    if _isinstance(cls, _type) and issubclass(cls, unittest.TestCase):
        return _run_unittest(unittest, cls, test_name)
    # A pytest-style class: a fresh instance per test, xunit hooks around.
    instance = cls()
    method = getattr(instance, test_name)
    if _fixtures_of(method):
        return _run_pytest(source, filename, module_name, class_name, test_name, helpers)
    setup = getattr(instance, "setup_method", None)
    if setup is not None:
        setup(method)
    try:
        return _call_test(method, test_name)
    finally:
        teardown = getattr(instance, "teardown_method", None)
        if teardown is not None:
            teardown(method)


def _fixtures_of(function):
    """The parameters pytest would fill with fixtures: those without a
    default."""
    code = getattr(function, "__code__", None)
    if code is None:
        return []
    bound = 1 if getattr(function, "__self__", None) is not None else 0
    defaults = len(getattr(function, "__defaults__", None) or ())
    return _list(code.co_varnames[bound : code.co_argcount - defaults])


def _call_test(function, name):
    code = getattr(function, "__code__", None)
    if code is not None and code.co_flags & _CO_COROUTINE:
        # What pytest does without an async plugin.
        return ("skipped", "async def functions are not natively supported")
    function()
    return None


_NO_PYTEST = (
    "{file} needs pytest ({why}), which this course's environment lacks: "
    "name a folder with pytest in it, by `--site-packages DIR` or by "
    "`site_packages = \"DIR\"` in grade.toml"
)
# A file pytest ran from disk -> its name in reports.
_display_names = {}


def _run_pytest(source, filename, module_name, class_name, test_name, helpers):
    """The test, run by pytest on copies of the instructor's files in the
    scratch folder: the verdict is pytest's, whatever it takes to reach it
    (fixtures, conftest.py, marks, parametrize, plugins)."""
    try:
        import pytest
    except ImportError:
        uses = "pytest" in source or any(helper == "conftest" for helper, _, _ in helpers)
        why = "it uses pytest" if uses else "its tests take fixtures"
        raise ImportError(_NO_PYTEST.format(file=filename, why=why)) from None
    os = _import("os")
    root = os.path.join(_scratch or _getcwd(), ".grade-tests")
    files = [*helpers, (module_name, filename, source)]
    # A folder per version of the files (a visible and a hidden version
    # differ): a cached .pyc can never stand for another version.
    folder = os.path.join(root, format(hash(_tuple(text for _, _, text in files)) & 0xFFFFFFFF, "08x"))
    os.makedirs(folder, exist_ok=True)
    test_path = None
    for module, file, text in files:
        path = os.path.join(folder, os.path.basename(file))
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
        _display_names[path] = file
        _test_files.add(path)
        _remember_source(file, text)
        # pytest imports them from disk, afresh for each case.
        _pending.pop(module, None)
        _modules.pop(module, None)
        _learner_modules.add(module)
        test_path = path
    node = "::".join([test_path, *([class_name] if class_name else []), test_name])
    outcome = _pytest_outcome(pytest)
    config = _pytest_config(root)
    if config is None:
        pytest.main(_pytest_args(root) + [node], plugins=[outcome])
    else:
        _pytest_session(config, node, outcome)
    return outcome.verdict(test_name, folder)


def _pytest_args(root):
    return ["-p", "no:terminal", "-p", "no:cacheprovider", "-s", "-c", _import("os").devnull,
            "--rootdir", root, "--confcutdir", root]


# This child's pytest configuration, made on its first pytest test and kept
# for the next ones: making it is most of what pytest.main costs.
_pytest_configured = None


def _pytest_config(root):
    global _pytest_configured
    if _pytest_configured is None:
        try:
            from _pytest.config import _prepareconfig

            config = _prepareconfig(_pytest_args(root), plugins=[])
            config._do_configure()
            _pytest_configured = config
        except Exception:
            # A pytest whose internals differ: pytest.main for every test.
            _pytest_configured = False
    return _pytest_configured or None


def _pytest_session(config, node, outcome):
    """What pytest.main does once its configuration is made: a session
    collecting and running one node. Afterwards the session's plugins and
    the conftest modules leave, so the next case loads them afresh (against
    its own fresh learner module)."""
    global _pytest_configured
    from _pytest.main import Session

    manager = config.pluginmanager
    manager.register(outcome, "grade-outcome")
    config.args = [node]
    session = Session.from_config(config)
    try:
        config.hook.pytest_sessionstart(session=session)
        try:
            config.hook.pytest_collection(session=session)
            config.hook.pytest_runtestloop(session=session)
        except (session.Interrupted, session.Failed):
            pass  # a collection error: its report says what it was
        config.hook.pytest_sessionfinish(session=session, exitstatus=session.testsfailed and 1)
    finally:
        try:
            for name in ("grade-outcome", "session", "funcmanage"):
                if manager.get_plugin(name) is not None:
                    manager.unregister(name=name)
            for plugin in _list(manager._conftest_plugins):
                manager.unregister(plugin)
            manager._conftest_plugins.clear()
            manager._dirpath2confmods.clear()
        except Exception:
            _pytest_configured = False


def warm_pytest():
    """pytest's own plugins, imported once in the zygote: pytest.main
    would import them in every child otherwise."""
    config = _import("_pytest.config", fromlist=["default_plugins"])
    for name in getattr(config, "default_plugins", ()):
        try:
            _import("_pytest." + name)
        except Exception:
            pass


class FixtureError(Exception):
    """A test's fixture failed: pytest reports an error, not a failure."""


class CollectionError(Exception):
    """pytest could not collect the test file."""


# Reported by their own names, as pytest's words.
FixtureError.__module__ = CollectionError.__module__ = "builtins"


def _pytest_outcome(pytest):
    class Outcome:
        def __init__(self):
            self.phases = []
            self.collect_failure = None
            self.collect_skip = None

        # The old-style wrapper: pytest 7 knows no other.
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(self, item, call):
            result = yield
            self.phases.append((item, call, result.get_result()))

        def pytest_collectreport(self, report):
            if report.failed and self.collect_failure is None:
                self.collect_failure = _str(report.longrepr)
            elif report.skipped and self.collect_skip is None:
                self.collect_skip = _skip_reason(report)

        def verdict(self, name, folder):
            if self.collect_failure is not None:
                raise CollectionError(self.collect_failure.replace(folder + "/", ""))
            if not self.phases:
                if self.collect_skip is not None:
                    return ("skipped", self.collect_skip)
                raise CollectionError(f"pytest collected no test named {name}")
            items = {}
            for item, call, report in self.phases:
                items.setdefault(_id(item), (item, []))[1].append((call, report))
            kinds = []
            for item, phases in items.values():
                for call, report in phases:
                    if report.failed:
                        _raise_failure(name, item, call, report, len(items) > 1)
                kinds.append(_item_kind(phases))
            if all(kind[0] == "skipped" for kind in kinds):
                return kinds[0]
            if not any(kind[0] == "passed" for kind in kinds):
                return next(kind for kind in kinds if kind[0] == "xfailed")
            return None

    return Outcome()


def _skip_reason(report):
    longrepr = report.longrepr
    reason = longrepr[2] if _isinstance(longrepr, _tuple) and len(longrepr) == 3 else _str(longrepr)
    return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason


def _item_kind(phases):
    for call, report in phases:
        if report.skipped:
            wasxfail = getattr(report, "wasxfail", None)
            if wasxfail is not None:
                error = call.excinfo.value if call.excinfo is not None else None
                return ("xfailed", _str(wasxfail) or _str(error or ""))
            return ("skipped", _skip_reason(report))
    return ("passed", None)


def _raise_failure(name, item, call, report, parametrized):
    error = call.excinfo.value if call.excinfo is not None else None
    if error is None:
        # An xfail(strict=True) test that passed.
        raise AssertionError(f"{name} is marked xfail(strict=True), but it passed")
    if any(base.__name__ == "OutcomeException" for base in _type(error).__mro__):
        # pytest.fail(): pytest's failure, with its message.
        failure = AssertionError(_str(getattr(error, "msg", None) or ""))
        failure.__traceback__ = error.__traceback__
        error = failure
    if call.when != "call":
        wrapped = FixtureError(f"error at {call.when} of {name}: {_type(error).__name__}: {error}")
        wrapped.__traceback__ = error.__traceback__
        error = wrapped
    params = getattr(getattr(item, "callspec", None), "params", None)
    if parametrized and params and _hasattr(error, "add_note"):
        error.add_note("with " + ", ".join(f"{k}={v!r}" for k, v in params.items()))
    raise error


def _run_unittest(unittest, cls, name):
    class Outcome(unittest.TestResult):
        def __init__(self):
            super().__init__()
            self.problems = []
            self.skip = None
            self.xfail = None
            self.unexpected = False

        def addError(self, test, err):
            self.problems.append((err[1], None))

        def addFailure(self, test, err):
            self.problems.append((err[1], None))

        def addSubTest(self, test, subtest, err):
            if err is not None:
                self.problems.append((err[1], subtest._subDescription()))

        def addSkip(self, test, reason):
            self.skip = reason

        def addExpectedFailure(self, test, err):
            self.xfail = _str(err[1])

        def addUnexpectedSuccess(self, test):
            self.unexpected = True

    outcome = Outcome()
    unittest.TestSuite([cls(name)]).run(outcome)
    if outcome.problems:
        error, subtest = outcome.problems[0]
        if subtest is not None and _hasattr(error, "add_note"):
            error.add_note(f"in subtest {subtest}")
        raise error
    if outcome.unexpected:
        raise AssertionError(f"{name} is marked expectedFailure, but it passed")
    if outcome.skip is not None:
        return ("skipped", _str(outcome.skip))
    if outcome.xfail is not None:
        return ("xfailed", outcome.xfail)
    return None


_SYMBOLS = {
    "Eq": "==", "NotEq": "!=", "Lt": "<", "LtE": "<=", "Gt": ">", "GtE": ">=",
    "Is": "is", "IsNot": "is not", "In": "in", "NotIn": "not in",
}


def _rewrite_asserts(source, filename):
    """pytest's assertion rewriting, in small: a failed ``assert a OP b``
    says what both sides were. Line numbers stay the file's."""
    import ast

    tree = ast.parse(source, filename)
    # ast.get_source_segment splits the whole source at every call.
    lines = [line.encode() for line in source.splitlines(True)]

    def segment(node):
        first, last = node.lineno - 1, node.end_lineno - 1
        if first == last:
            text = lines[first][node.col_offset : node.end_col_offset]
        else:
            text = b"".join(
                [lines[first][node.col_offset :]] + lines[first + 1 : last]
                + [lines[last][: node.end_col_offset]]
            )
        return text.decode("utf-8", "replace")

    class Rewriter(ast.NodeTransformer):
        def visit_Assert(self, node):
            test = node.test
            text = segment(test) or "…"
            if not (_isinstance(test, ast.Compare) and len(test.ops) == 1):
                if node.msg is None:
                    node.msg = ast.copy_location(ast.Constant(f"assert {text}"), node)
                return node
            # Locations for the new nodes only (fixing the tree is slow).
            def at(new):
                return ast.copy_location(new, node)

            sides = [
                at(ast.NamedExpr(target=at(ast.Name(side, ast.Store())), value=value))
                for side, value in (("@left", test.left), ("@right", test.comparators[0]))
            ]
            explained = at(
                ast.Call(
                    func=at(ast.Name("@explain", ast.Load())),
                    args=[
                        at(ast.Name("@left", ast.Load())),
                        at(ast.Constant(_SYMBOLS[_type(test.ops[0]).__name__])),
                        at(ast.Name("@right", ast.Load())),
                        node.msg or at(ast.Constant(None)),
                        at(ast.Constant(text)),
                    ],
                    keywords=[],
                )
            )
            compare = at(ast.Compare(left=sides[0], ops=test.ops, comparators=[sides[1]]))
            return at(ast.Assert(test=compare, msg=explained))

    return Rewriter().visit(tree)


def _explain(left, op, right, message, text):
    """The message of a failed ``assert left OP right``: both sides, and
    where they differ (for ``==``: the items, the index, a line diff)."""
    import pprint

    lines = [] if message is None else [_safe_string(message, "message")]
    shown_left, shown_right = _safe_repr(left), _safe_repr(right)
    lines.append(f"assert {shown_left} {op} {shown_right}")
    if text and f"{shown_left} {op} {shown_right}" != text:
        lines.append(f" where the assertion is: assert {text}")
    if op != "==":
        return "\n".join(lines)
    try:
        if _isinstance(left, _dict) and _isinstance(right, _dict):
            differing = {k: (left[k], right[k]) for k in left if k in right and left[k] != right[k]}
            for key, (mine, theirs) in differing.items():
                lines.append(f"  differing item {key!r}: {mine!r} != {theirs!r}")
            for key in left:
                if key not in right:
                    lines.append(f"  left has extra item {key!r}: {left[key]!r}")
            for key in right:
                if key not in left:
                    lines.append(f"  right has extra item {key!r}: {right[key]!r}")
        elif _isinstance(left, (_list, _tuple)) and _isinstance(right, (_list, _tuple)):
            for index, (mine, theirs) in _enumerate(zip(left, right)):
                if mine != theirs:
                    lines.append(f"  at index {index}: {mine!r} != {theirs!r}")
                    break
            if len(left) != len(right):
                lines.append(f"  left has {len(left)} items, right has {len(right)}")
        mine = pprint.pformat(left, width=72).splitlines()
        theirs = pprint.pformat(right, width=72).splitlines()
        if len(mine) > 1 or len(theirs) > 1 or (_isinstance(left, _str) and "\n" in left):
            import difflib

            if _isinstance(left, _str) and _isinstance(right, _str):
                mine, theirs = left.splitlines(), right.splitlines()
            lines.append("  full diff (- right, + left):")
            lines.extend(
                f"  {line}" for line in difflib.ndiff(theirs, mine) if not line.startswith("?")
            )
    except _BaseException:
        pass
    return "\n".join(lines)


def _safe_repr(value):
    try:
        text = _repr(value)
    except _BaseException:
        return f"<{_type(value).__name__} whose repr raised>"
    return text if len(text) <= 400 else text[:400] + "…"
