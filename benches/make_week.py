#!/usr/bin/env python3
"""Generate the synthetic practice repos that benches/run.sh times.

    make_week.py week OUT
        A week of 10 realistic challenges x 10 cases (generators, a stateful
        decorator, a memoizer, context managers, a dataclass, string / list /
        dict work, an async challenge, raising cases), with correct learner
        solutions so every case passes. Writes:
          OUT/exercises/week1/<slug>/{README.md,exercise.toml,solution.py}
          OUT/solutions/week1/<slug>/solution.py     (the same, as reference)
          OUT/pytest/test_<name>.py + <name>_solution.py + pytest.ini
                                   the same 100 cases, one test function each
          OUT/plain.py             the same 100 cases in one interpreter, the
                                   learner module re-executed per case (as
                                   grade does), no isolation at all

    make_week.py testfiles OUT
        The same week as test files (SPEC §2 `test_files`): per challenge a
        plain-assert `test_<name>.py` (no pytest import: the same file runs
        under grade and under pytest) and the learner file
        `<name>_solution.py`, named apart so that pytest can collect the
        whole week in one session. Writes OUT/exercises/week1/<slug>/… and
        OUT/solutions/week1/<slug>/<name>_solution.py.

    make_week.py trivial OUT --challenges C --cases K
        C challenges of K trivial cases each (`f()` == 1). Writes
          OUT/exercises/week1/c000../…, OUT/solutions/…, and
          OUT/forked.py            the same cases, one plain os.fork() per
                                   challenge, one at a time, no sandbox: the
                                   floor that grade's per-child cost is
                                   compared with.

Expected values are computed here by running the solution, then written as
literals, so the generated cases are right by construction; run.sh still
checks that grade reports every case passed before it times anything.
"""

import argparse
import asyncio
import inspect
import json
import os
import sys
import textwrap
import types

# --------------------------------------------------------------------------
# The week: (slug, title, topic, is_async, solution source, cases)
# A case is (setup, expr) whose value is the expectation, or
# (setup, expr, ExceptionName, match-regex) for a raising case.
# --------------------------------------------------------------------------

CHALLENGES = []


def challenge(slug, title, topic, source, cases, is_async=False):
    CHALLENGES.append(
        dict(slug=slug, title=title, topic=topic, source=textwrap.dedent(source).lstrip(),
             cases=cases, is_async=is_async)
    )


challenge(
    "fibonacci-generator", "Infinite Fibonacci generator", "generators",
    """
    def fib():
        a, b = 0, 1
        while True:
            yield a
            a, b = b, a + b


    def fib_below(limit):
        for n in fib():
            if n >= limit:
                return
            yield n
    """,
    [
        ("from itertools import islice", "list(islice(fib(), 10))"),
        ("from itertools import islice", "next(islice(fib(), 100, None))"),
        ("from itertools import islice", "sum(islice(fib(), 30))"),
        ("", "list(zip(range(3), fib()))"),
        ("g = fib()\nnext(g)\nnext(g)", "(next(g), next(g), next(g))"),
        ("import types", "isinstance(fib(), types.GeneratorType)"),
        ("a, b = fib(), fib()\nnext(a)\nnext(a)", "(next(a), next(b))"),
        ("", "list(fib_below(100))"),
        ("from itertools import islice", "[n for n in islice(fib(), 20) if n % 2 == 0]"),
        ("", "list(fib_below(0))"),
    ],
)

challenge(
    "sliding-windows", "Sliding windows and chunks", "iterators",
    """
    from collections import deque
    from itertools import islice


    def windows(iterable, n):
        if n < 1:
            raise ValueError("window size must be positive")
        window = deque(maxlen=n)
        for item in iterable:
            window.append(item)
            if len(window) == n:
                yield tuple(window)


    def chunked(iterable, size):
        it = iter(iterable)
        while chunk := list(islice(it, size)):
            yield chunk
    """,
    [
        ("", "list(windows([1, 2, 3, 4], 2))"),
        ("", "list(windows('abcde', 3))"),
        ("", "list(windows([1, 2], 3))"),
        ("", "next(windows(range(10**9), 4))"),
        ("", "list(windows([1], 0))", "ValueError", "positive"),
        ("", "list(chunked(range(7), 3))"),
        ("", "list(chunked([], 3))"),
        ("", "list(chunked('abcdef', 2))"),
        ("from itertools import count, islice", "list(islice(chunked(count(), 2), 3))"),
        ("", "[sum(w) for w in windows(range(6), 3)]"),
    ],
)

challenge(
    "counting-decorator", "A decorator that counts calls", "decorators",
    """
    import functools


    def counted(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            wrapper.calls += 1
            return func(*args, **kwargs)

        wrapper.calls = 0
        return wrapper
    """,
    [
        ("@counted\ndef add(a, b):\n    return a + b", "add(2, 3)"),
        ("@counted\ndef add(a, b):\n    return a + b\nadd(1, 2)\nadd(3, 4)", "add.calls"),
        ("@counted\ndef add(a, b):\n    return a + b", "add.calls"),
        ("@counted\ndef greet(name):\n    '''Say hello.'''\n    return 'hi ' + name", "(greet.__name__, greet.__doc__)"),
        ("@counted\ndef f():\n    return 1\n@counted\ndef g():\n    return 2\nf()\nf()\ng()", "(f.calls, g.calls)"),
        ("@counted\ndef kw(a, *, b=10):\n    return a * b", "(kw(2), kw(2, b=3), kw.calls)"),
        ("@counted\ndef fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(10)", "fib.calls"),
        ("@counted\ndef boom():\n    raise KeyError('x')\ntry:\n    boom()\nexcept KeyError:\n    pass", "boom.calls"),
        ("@counted\ndef ident(x):\n    return x", "[ident(i) for i in range(5)] + [ident.calls]"),
        ("", "counted(len)('abc')"),
    ],
)

challenge(
    "memoizer", "Memoize with hit and miss counts", "decorators",
    """
    import functools


    def memoize(func):
        cache = {}
        stats = {"hits": 0, "misses": 0}

        @functools.wraps(func)
        def wrapper(*args):
            if args in cache:
                stats["hits"] += 1
            else:
                stats["misses"] += 1
                cache[args] = func(*args)
            return cache[args]

        wrapper.cache_info = lambda: (stats["hits"], stats["misses"], len(cache))
        wrapper.cache_clear = lambda: (cache.clear(), stats.update(hits=0, misses=0))
        return wrapper


    @memoize
    def slow_fib(n):
        return n if n < 2 else slow_fib(n - 1) + slow_fib(n - 2)
    """,
    [
        ("", "slow_fib(30)"),
        ("slow_fib.cache_clear()\nslow_fib(20)", "slow_fib.cache_info()"),
        ("", "slow_fib(200)"),
        ("@memoize\ndef sq(x):\n    return x * x\nsq(3)\nsq(3)\nsq(4)", "sq.cache_info()"),
        ("@memoize\ndef sq(x):\n    return x * x\nsq(3)\nsq.cache_clear()", "sq.cache_info()"),
        ("calls = []\n@memoize\ndef f(x):\n    calls.append(x)\n    return x\nf(1); f(1); f(2); f(1)", "calls"),
        ("", "slow_fib.__name__"),
        ("@memoize\ndef add(a, b):\n    return a + b", "(add(1, 2), add(2, 1), add.cache_info())"),
        ("@memoize\ndef g(x):\n    return [x]", "g(1) is g(1)"),
        ("@memoize\ndef h(x):\n    return x", "h([1, 2])", "TypeError", "unhashable"),
    ],
)

challenge(
    "suppress-and-restore", "Context managers: suppress-and-log, temporary attribute", "context-managers",
    """
    from contextlib import contextmanager


    class suppress_and_log:
        def __init__(self, *exceptions):
            self.exceptions = exceptions
            self.log = []

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, tb):
            if exc_type is not None and issubclass(exc_type, self.exceptions):
                self.log.append(f"{exc_type.__name__}: {exc}")
                return True
            return False


    @contextmanager
    def temporarily(obj, name, value):
        old = getattr(obj, name)
        setattr(obj, name, value)
        try:
            yield obj
        finally:
            setattr(obj, name, old)
    """,
    [
        ("with suppress_and_log(ZeroDivisionError) as s:\n    1 / 0", "s.log"),
        ("with suppress_and_log(KeyError, IndexError) as s:\n    [][3]", "s.log"),
        ("with suppress_and_log(ValueError) as s:\n    x = 1", "(s.log, x)"),
        ("with suppress_and_log(LookupError) as s:\n    {}['k']", "s.log"),
        ("with suppress_and_log(KeyError) as s:\n    int('x')", "s.log", "ValueError", "invalid literal"),
        ("class C:\n    level = 1\nwith temporarily(C, 'level', 5):\n    inside = C.level", "(inside, C.level)"),
        ("class C:\n    level = 1\ntry:\n    with temporarily(C, 'level', 9):\n        raise RuntimeError\nexcept RuntimeError:\n    pass", "C.level"),
        ("import types\nns = types.SimpleNamespace(a=1)\nwith temporarily(ns, 'a', 2) as got:\n    same = got is ns", "(same, ns.a)"),
        ("class C:\n    a = 1\nwith temporarily(C, 'a', 2):\n    with temporarily(C, 'a', 3):\n        deep = C.a\n    mid = C.a", "(deep, mid, C.a)"),
        ("", "suppress_and_log(OSError).__exit__(None, None, None)"),
    ],
)

challenge(
    "inventory-dataclass", "An inventory of dataclasses", "functions",
    """
    from dataclasses import dataclass, field, asdict


    @dataclass(order=True)
    class Item:
        name: str
        price: float
        qty: int = 1
        tags: list = field(default_factory=list, compare=False)

        def __post_init__(self):
            if self.qty < 0:
                raise ValueError(f"negative quantity for {self.name}")

        @property
        def total(self):
            return round(self.price * self.qty, 2)


    @dataclass
    class Inventory:
        items: list = field(default_factory=list)

        def add(self, item):
            self.items.append(item)
            return self

        def value(self):
            return round(sum(item.total for item in self.items), 2)

        def cheapest(self):
            return min(self.items).name

        def by_tag(self, tag):
            return sorted(i.name for i in self.items if tag in i.tags)
    """,
    [
        ("", "Item('pen', 1.5, 4).total"),
        ("", "Item('pen', 1.5) == Item('pen', 1.5, 1, ['office'])"),
        ("", "asdict(Item('ink', 3.0, 2, ['office']))"),
        ("", "sorted([Item('b', 2.0), Item('a', 5.0), Item('a', 1.0)])[0].price"),
        ("", "Item('pen', 1.5, -1)", "ValueError", "negative quantity"),
        ("inv = Inventory().add(Item('pen', 1.5, 4)).add(Item('pad', 2.25, 2))", "inv.value()"),
        ("inv = Inventory().add(Item('pen', 1.5, 4)).add(Item('ink', 0.5, 2))", "inv.cheapest()"),
        ("inv = Inventory()\ninv.add(Item('pen', 1, tags=['office', 'school']))\ninv.add(Item('mug', 4, tags=['kitchen']))\ninv.add(Item('pad', 2, tags=['school']))", "inv.by_tag('school')"),
        ("a, b = Inventory(), Inventory()\na.add(Item('x', 1.0))", "(len(a.items), len(b.items))"),
        ("", "repr(Item('pen', 1.5))"),
    ],
)

challenge(
    "word-frequencies", "Word frequencies and text tricks", "functions",
    """
    import re
    from collections import Counter

    _WORD = re.compile(r"[a-z']+")


    def words(text):
        return _WORD.findall(text.lower())


    def word_counts(text):
        return dict(Counter(words(text)))


    def top_words(text, n):
        counts = Counter(words(text))
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


    def is_palindrome(text):
        letters = [c for c in text.lower() if c.isalnum()]
        return letters == letters[::-1]


    def caesar(text, shift):
        def rot(c):
            if c.isalpha():
                base = ord("a") if c.islower() else ord("A")
                return chr((ord(c) - base + shift) % 26 + base)
            return c
        return "".join(map(rot, text))


    def title_case(text, minor=("a", "an", "the", "of", "and")):
        out = []
        for i, w in enumerate(text.split()):
            out.append(w.lower() if i and w.lower() in minor else w.capitalize())
        return " ".join(out)
    """,
    [
        ("", "words(\"It's a Truth, universally acknowledged!\")"),
        ("", "word_counts('the cat and the hat and the bat')"),
        ("", "top_words('b a c b a b d', 2)"),
        ("", "is_palindrome('A man, a plan, a canal: Panama')"),
        ("", "is_palindrome('grader')"),
        ("", "caesar('Hello, World!', 3)"),
        ("", "caesar(caesar('round trip', 11), -11)"),
        ("", "title_case('the lord of the rings')"),
        ("", "word_counts('')"),
        ("", "caesar(None, 1)", "TypeError", "not iterable"),
    ],
)

challenge(
    "list-toolkit", "Flatten, run-length, dedupe, rotate", "iterators",
    """
    from itertools import groupby


    def flatten(nested):
        for item in nested:
            if isinstance(item, (list, tuple)):
                yield from flatten(item)
            else:
                yield item


    def rle_encode(seq):
        return [(key, len(list(group))) for key, group in groupby(seq)]


    def rle_decode(pairs):
        return [key for key, count in pairs for _ in range(count)]


    def dedupe(seq):
        seen = set()
        return [x for x in seq if not (x in seen or seen.add(x))]


    def rotate(lst, k):
        if not lst:
            return []
        k %= len(lst)
        return lst[-k:] + lst[:-k] if k else list(lst)
    """,
    [
        ("", "list(flatten([1, [2, [3, (4, 5)]], 6]))"),
        ("", "list(flatten([]))"),
        ("", "rle_encode('aaabccdddd')"),
        ("", "rle_decode([('x', 2), ('y', 1)])"),
        ("", "rle_decode(rle_encode([1, 1, 2, 2, 2, 3]))"),
        ("", "dedupe([3, 1, 3, 2, 1, 4])"),
        ("", "rotate([1, 2, 3, 4, 5], 2)"),
        ("", "rotate([1, 2, 3], -1)"),
        ("", "rotate([], 3)"),
        ("", "dedupe([[1], [1]])", "TypeError", "unhashable"),
    ],
)

challenge(
    "dict-toolkit", "Group, invert, deep-merge", "functions",
    """
    from collections import defaultdict


    def group_by(items, key):
        groups = defaultdict(list)
        for item in items:
            groups[key(item)].append(item)
        return dict(groups)


    def invert(mapping):
        out = {}
        for k, v in mapping.items():
            if v in out:
                raise KeyError(f"duplicate value {v!r}")
            out[v] = k
        return out


    def deep_merge(a, b):
        out = dict(a)
        for k, v in b.items():
            if isinstance(v, dict) and isinstance(out.get(k), dict):
                out[k] = deep_merge(out[k], v)
            else:
                out[k] = v
        return out


    def counts_by(items, key):
        return {k: len(v) for k, v in sorted(group_by(items, key).items())}
    """,
    [
        ("", "group_by(['apple', 'avocado', 'banana', 'cherry'], lambda w: w[0])"),
        ("", "group_by(range(7), lambda n: n % 3)"),
        ("", "invert({'a': 1, 'b': 2})"),
        ("", "invert({'a': 1, 'b': 1})", "KeyError", "duplicate"),
        ("", "deep_merge({'a': {'x': 1, 'y': 2}, 'b': 1}, {'a': {'y': 3, 'z': 4}, 'c': 5})"),
        ("base = {'a': {'x': 1}}\ndeep_merge(base, {'a': {'x': 2}})", "base"),
        ("", "deep_merge({}, {'k': [1, 2]})"),
        ("", "counts_by(['aa', 'b', 'cc', 'ddd'], len)"),
        ("", "invert({})"),
        ("", "sorted(group_by([('x', 1), ('y', 2), ('x', 3)], lambda p: p[0])['x'])"),
    ],
)

challenge(
    "async-fetcher", "Concurrent fetches with asyncio", "async",
    """
    import asyncio


    async def fetch(x, delay=0):
        await asyncio.sleep(delay)
        if x < 0:
            raise ValueError(f"cannot fetch {x}")
        return x * 2


    async def fetch_all(xs):
        return await asyncio.gather(*(fetch(x) for x in xs))


    async def bounded(xs, limit):
        sem = asyncio.Semaphore(limit)
        running = peak = 0

        async def one(x):
            nonlocal running, peak
            async with sem:
                running += 1
                peak = max(peak, running)
                await asyncio.sleep(0)
                running -= 1
                return await fetch(x)

        results = await asyncio.gather(*(one(x) for x in xs))
        return results, peak


    async def first_ok(xs):
        results = await asyncio.gather(*(fetch(x) for x in xs), return_exceptions=True)
        return next((r for r in results if not isinstance(r, Exception)), None)
    """,
    [
        ("", "fetch(21)"),
        ("", "fetch_all([1, 2, 3])"),
        ("", "fetch_all([])"),
        ("", "bounded(range(6), 2)"),
        ("", "bounded([5], 3)"),
        ("", "fetch(-1)", "ValueError", "cannot fetch -1"),
        ("", "first_ok([-1, -2, 4])"),
        ("", "first_ok([-1])"),
        ("", "fetch_all([1, -1])", "ValueError", "cannot fetch"),
        ("", "fetch(5, delay=0.001)"),
    ],
    is_async=True,
)

assert len(CHALLENGES) == 10 and all(len(c["cases"]) == 10 for c in CHALLENGES)


# --------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------

def toml_str(s):
    """A TOML basic string (json escapes are valid TOML escapes here)."""
    return json.dumps(s, ensure_ascii=False)


def module_name(slug):
    return slug.replace("-", "_")


def run_case(source, name, setup, expr):
    """The value of a case against the solution, as grade would compute it."""
    module = types.ModuleType(name)
    sys.modules[name] = module
    try:
        exec(compile(source, name + ".py", "exec"), module.__dict__)
        ns = dict(module.__dict__)
        exec(setup, ns)
        value = eval(expr, ns)
        if inspect.isawaitable(value):
            value = asyncio.run(_await(value))
        return value
    finally:
        del sys.modules[name]


async def _await(value):
    return await value


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def exercise_toml(title, topic, cases):
    out = [
        "[exercise]",
        f"title = {toml_str(title)}",
        f"topic = {toml_str(topic)}",
        "difficulty = 1",
        "",
    ]
    for case in cases:
        out.append("[[test]]")
        out.append(f"name = {toml_str(case['name'])}")
        if case["setup"]:
            out.append(f"setup = {toml_str(case['setup'])}")
        out.append(f"expr = {toml_str(case['expr'])}")
        if "raises" in case:
            out.append(f"raises = {toml_str(case['raises'])}")
            if case["match"]:
                out.append(f"match = {toml_str(case['match'])}")
        else:
            out.append(f"expect = {toml_str(case['expect'])}")
        if case.get("hidden"):
            # make_class.py hides the last cases of each challenge.
            out.append("hidden = true")
        out.append("")
    return "\n".join(out)


def write_challenge(root, week, slug, title, topic, source, cases):
    ex = os.path.join(root, "exercises", week, slug)
    write(os.path.join(ex, "README.md"), f"# {title}\n\nSynthetic benchmark challenge.\n")
    write(os.path.join(ex, "exercise.toml"), exercise_toml(title, topic, cases))
    write(os.path.join(ex, "solution.py"), source)
    write(os.path.join(root, "solutions", week, slug, "solution.py"), source)


def materialise(ch):
    """Cases of a challenge with their names and expected literals."""
    out = []
    for i, case in enumerate(ch["cases"]):
        setup, expr = case[0], case[1]
        c = dict(name=f"case {i + 1:02d}: {expr[:40]}", setup=setup, expr=expr)
        if len(case) == 4:
            c["raises"], c["match"] = case[2], case[3]
        else:
            value = run_case(ch["source"], module_name(ch["slug"]) + "_gen", setup, expr)
            literal = repr(value)
            import ast
            if ast.literal_eval(literal) != value:
                sys.exit(f"{ch['slug']}: {expr!r} has no literal value ({literal})")
            c["expect"] = literal
        out.append(c)
    return out


def pytest_file(ch, cases):
    mod = module_name(ch["slug"]) + "_solution"
    lines = ["import asyncio", "", "import pytest", "", f"from {mod} import *", "", ""]
    for i, c in enumerate(cases):
        lines.append(f"def test_case_{i + 1:02d}():")
        body = [c["setup"]] if c["setup"] else []
        expr = f"asyncio.run({c['expr']})" if ch["is_async"] else c["expr"]
        if "raises" in c:
            match = f", match={c['match']!r}" if c["match"] else ""
            inner = textwrap.indent("\n".join(body + [expr]), "    ")
            body = [f"with pytest.raises({c['raises']}{match}):\n{inner}"]
        else:
            body.append(f"assert ({expr}) == {c['expect']}")
        lines.append(textwrap.indent("\n".join(body), "    "))
        lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


PLAIN_RUNNER = r'''
import re
import sys
import types


def main():
    failures = 0
    total = 0
    for name, source, cases in CHALLENGES:
        code = compile(source, name + ".py", "exec")
        for setup, expr, expect, raises, match in cases:
            total += 1
            # A fresh module per case, as grade does; no isolation at all.
            module = types.ModuleType(name)
            sys.modules[name] = module
            exec(code, module.__dict__)
            ns = dict(module.__dict__)
            try:
                exec(setup, ns)
                value = eval(expr, ns)
                if hasattr(value, "__await__"):
                    import asyncio
                    async def _wait(v):
                        return await v
                    value = asyncio.run(_wait(value))
            except Exception as exc:
                ok = raises is not None and any(
                    k.__name__ == raises for k in type(exc).__mro__
                ) and re.search(match or "", str(exc)) is not None
            else:
                ok = raises is None and value == eval(expect)
            if not ok:
                failures += 1
                print("FAIL", name, expr)
    print(f"{total - failures}/{total} passed")
    sys.exit(1 if failures else 0)


main()
'''


def make_week(out):
    week = "week1"
    challenges = []
    os.makedirs(os.path.join(out, "pytest"), exist_ok=True)
    write(os.path.join(out, "pytest", "pytest.ini"), "[pytest]\n")
    for ch in CHALLENGES:
        cases = materialise(ch)
        write_challenge(out, week, ch["slug"], ch["title"], ch["topic"], ch["source"], cases)
        mod = module_name(ch["slug"])
        write(os.path.join(out, "pytest", mod + "_solution.py"), ch["source"])
        write(os.path.join(out, "pytest", f"test_{mod}.py"), pytest_file(ch, cases))
        challenges.append((
            mod, ch["source"],
            [(c["setup"], c["expr"], c.get("expect"), c.get("raises"), c.get("match"))
             for c in cases],
        ))
    write(os.path.join(out, "plain.py"),
          "CHALLENGES = " + repr(challenges) + "\n" + PLAIN_RUNNER)


def plain_test_file(ch, cases):
    """The cases as test functions with bare asserts only."""
    mod = module_name(ch["slug"]) + "_solution"
    # Only what the file uses, as a test file would.
    imports = (["import asyncio"] if ch["is_async"] else []) + (
        ["import re"] if any("raises" in c for c in cases) else [])
    lines = imports + ([""] if imports else []) + [f"from {mod} import *", "", ""]
    for i, c in enumerate(cases):
        lines.append(f"def test_case_{i + 1:02d}():")
        body = [c["setup"]] if c["setup"] else []
        expr = f"asyncio.run({c['expr']})" if ch["is_async"] else c["expr"]
        if "raises" in c:
            inner = textwrap.indent("\n".join(body + [expr]), "    ")
            body = [
                f"try:\n{inner}",
                "except BaseException as error:",
                f"    assert {c['raises']!r} in [k.__name__ for k in type(error).__mro__]",
                f"    assert re.search({(c['match'] or '')!r}, str(error))",
                "else:",
                "    raise AssertionError('nothing was raised')",
            ]
        else:
            body.append(f"assert ({expr}) == {c['expect']}")
        lines.append(textwrap.indent("\n".join(body), "    "))
        lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def make_testfiles(out):
    week = "week1"
    for ch in CHALLENGES:
        cases = materialise(ch)
        mod = module_name(ch["slug"])
        ex = os.path.join(out, "exercises", week, ch["slug"])
        write(os.path.join(ex, "exercise.toml"), (
            f"[exercise]\ntitle = {json.dumps(ch['title'])}\ntopic = {json.dumps(ch['topic'])}\n"
            f"difficulty = 1\nfile = \"{mod}_solution.py\"\ntest_files = [\"test_{mod}.py\"]\n"
        ))
        write(os.path.join(ex, f"{mod}_solution.py"), ch["source"])
        write(os.path.join(ex, f"test_{mod}.py"), plain_test_file(ch, cases))
        write(os.path.join(out, "solutions", week, ch["slug"], f"{mod}_solution.py"), ch["source"])


FORKED_RUNNER = r'''
import os
import sys
import types


def run_challenge(name, source, cases, w):
    code = compile(source, name + ".py", "exec")
    results = []
    for expr in cases:
        module = types.ModuleType(name)
        sys.modules[name] = module
        exec(code, module.__dict__)
        results.append(repr(eval(expr, dict(module.__dict__))))
    os.write(w, ("\n".join(results) + "\n").encode())


def main():
    passed = total = 0
    for name, source, cases, expect in CHALLENGES:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            try:
                run_challenge(name, source, cases, w)
            finally:
                os._exit(0)
        os.close(w)
        data = b""
        while chunk := os.read(r, 65536):
            data += chunk
        os.close(r)
        os.waitpid(pid, 0)
        got = data.decode().split("\n")[:-1]
        total += len(cases)
        passed += sum(1 for g in got if g == expect)
    print(f"{passed}/{total} passed")
    sys.exit(0 if passed == total else 1)


main()
'''


def make_trivial(out, n_challenges, n_cases):
    week = "week1"
    source = "def f():\n    return 1\n"
    cases = [dict(name=f"case {i:04d}", setup="", expr="f()", expect="1") for i in range(n_cases)]
    forked = []
    for c in range(n_challenges):
        slug = f"c{c:03d}"
        write_challenge(out, week, slug, f"Trivial {c}", "functions", source, cases)
        forked.append((slug, source, ["f()"] * n_cases, "1"))
    write(os.path.join(out, "forked.py"), "CHALLENGES = " + repr(forked) + "\n" + FORKED_RUNNER)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="kind", required=True)
    w = sub.add_parser("week", help="10 realistic challenges x 10 cases, plus pytest and plain peers")
    w.add_argument("out")
    f = sub.add_parser("testfiles", help="the week as plain-assert test files, for grade and pytest alike")
    f.add_argument("out")
    t = sub.add_parser("trivial", help="C challenges x K trivial cases, plus a plain fork-per-challenge peer")
    t.add_argument("out")
    t.add_argument("--challenges", type=int, default=1)
    t.add_argument("--cases", type=int, default=1)
    args = parser.parse_args()
    if os.path.exists(os.path.join(args.out, "exercises")):
        sys.exit(f"{args.out} already holds a repo")
    if args.kind == "week":
        make_week(args.out)
    elif args.kind == "testfiles":
        make_testfiles(args.out)
    else:
        make_trivial(args.out, args.challenges, args.cases)


if __name__ == "__main__":
    main()
