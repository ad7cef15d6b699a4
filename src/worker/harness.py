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
import linecache
import sys
import traceback
import types

_exec = builtins.exec
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
_ModuleType = types.ModuleType
_CoroutineType = types.CoroutineType
_GeneratorType = types.GeneratorType
_modules = sys.modules
_stdout = sys.stdout
_stderr = sys.stderr
_original_builtins = _dict(builtins.__dict__)
_perf = __import__("time").perf_counter
_tracemalloc = __import__("tracemalloc")

# ast.PyCF_ALLOW_TOP_LEVEL_AWAIT and inspect.CO_COROUTINE, without importing
# ast and inspect into every zygote.
_TOP_LEVEL_AWAIT = 0x2000
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


def _remember_source(filename, text):
    """Tracebacks show source lines without reading files, which the sandbox
    forbids, and for the case's own code too."""
    lines = text.splitlines(True)
    linecache.cache[filename] = (len(text), None, lines, filename)


def _install(name, path, code, lazy):
    module = _ModuleType(name)
    module.__file__ = path
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
    keep = set(learner_files) | {"<setup>", "<expr>"}
    try:
        frames = [
            frame
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename in keep
        ]
        lines = ["Traceback (most recent call last):\n"]
        lines += traceback.format_list(frames)
        lines += traceback.format_exception_only(_type(error), error)
        return "".join(lines)
    except _BaseException:
        return ""


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
