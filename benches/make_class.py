#!/usr/bin/env python3
"""Generate the class of learners that benches/class.sh times.

    make_class.py OUT --learners N [--seed S] [--grade-only]

make_week.py's 10 challenges x 10 cases (the last 2 of each hidden), and N
learners whose solutions are, per challenge and drawn from the seed: about
70% correct, 15% subtly wrong (one function changed: some cases fail, not
all), 10% raising (one function raises on every call) and 5% not compiling.
The same seed gives the same files, and learner k is the same whatever N.
Writes:
  OUT/exercises/week1/<slug>/…             make_week's writer, hidden cases marked
  OUT/solutions/week1/<slug>/solution.py   the correct solution, as reference
  OUT/class/learner-NNN/week1/<slug>/solution.py
  OUT/manifest.json     learners, each one's variant per challenge, the case
                        names and which pytest test is which case: how
                        class.py lines up the three runners' verdicts
and, unless --grade-only:
  OUT/pytest/test_learner_NNN__<challenge>.py + classhelp.py + pytest.ini
                        one file per (learner, challenge), one test per
                        case; each test loads THAT learner's file afresh
  OUT/floor.py          the plain-Python floor: one os.fork() per learner,
                        two at a time, no sandbox
"""

import argparse
import ast
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_week  # noqa: E402

WEEK = "week1"
HIDDEN_PER_CHALLENGE = 2

# --------------------------------------------------------------------------
# Subtly wrong solutions: per challenge, (what is wrong, old text, new text),
# each replacing text that occurs exactly once in make_week's correct source.
# Checked when the class is made: each still compiles and fails at least one
# case of its challenge but not all of them.
# --------------------------------------------------------------------------

MUTATIONS = {
    "fibonacci-generator": [
        ("starts at 1", "a, b = 0, 1", "a, b = 1, 1"),
        ("fib_below off by one", "if n >= limit:", "if n > limit:"),
    ],
    "sliding-windows": [
        ("accepts a window of 0", "if n < 1:", "if n < 0:"),
        ("chunks one too long", "list(islice(it, size))", "list(islice(it, size + 1))"),
    ],
    "counting-decorator": [
        ("counter starts at 1", "wrapper.calls = 0", "wrapper.calls = 1"),
        ("forgets functools.wraps", "    @functools.wraps(func)\n", ""),
    ],
    "memoizer": [
        ("cache_clear keeps the misses", "stats.update(hits=0, misses=0)", "stats.update(hits=0)"),
        ("cache_info swaps hits and misses", 'lambda: (stats["hits"], stats["misses"], len(cache))',
         'lambda: (stats["misses"], stats["hits"], len(cache))'),
    ],
    "suppress-and-restore": [
        ("never suppresses", "return True", "return False"),
        ("restores the new value", "setattr(obj, name, old)", "setattr(obj, name, value)"),
    ],
    "inventory-dataclass": [
        ("cheapest takes the max", "return min(self.items).name", "return max(self.items).name"),
        ("tags compared", "compare=False", "compare=True"),
    ],
    "word-frequencies": [
        ("drops apostrophes", "[a-z']+", "[a-z]+"),
        ("top_words ascending", "key=lambda kv: (-kv[1], kv[0])", "key=lambda kv: (kv[1], kv[0])"),
        ("caesar modulo 25", "% 26", "% 25"),
    ],
    "list-toolkit": [
        ("rotates the other way", "lst[-k:] + lst[:-k]", "lst[k:] + lst[:k]"),
        ("flattens lists only", "isinstance(item, (list, tuple))", "isinstance(item, list)"),
    ],
    "dict-toolkit": [
        ("invert checks keys", "if v in out:", "if k in out:"),
        ("shallow merge", "out[k] = deep_merge(out[k], v)", "out[k] = v"),
    ],
    "async-fetcher": [
        ("adds instead of doubling", "return x * 2", "return x + 2"),
        ("accepts -1", "if x < 0:", "if x < -1:"),
    ],
}

# A `def` line (all of make_week's are on one line): where a raising
# variant puts its `raise`, and where a non-compiling one loses its colon.
DEF_LINE = re.compile(r"^(\s*)(async\s+)?def\s+\w+\(.*\):\s*$")

# Share of each variant, in the order drawn.
VARIANTS = [("correct", 0.70), ("wrong", 0.15), ("raising", 0.10), ("syntax", 0.05)]


def learner_name(k):
    return f"learner-{k:03d}"


def mutate(source, old, new):
    if source.count(old) != 1:
        sys.exit(f"mutation {old!r} does not occur exactly once")
    return source.replace(old, new)


def def_lines(source):
    return [i for i, line in enumerate(source.split("\n")) if DEF_LINE.match(line)]


def variant_source(ch, rng):
    """(variant label, learner source) for one learner and one challenge,
    drawn from `rng` (seeded per learner and challenge)."""
    source = ch["source"]
    x = rng.random()
    for kind, share in VARIANTS:
        if x < share:
            break
        x -= share
    if kind == "correct":
        return "correct", source
    if kind == "wrong":
        what, old, new = rng.choice(MUTATIONS[ch["slug"]])
        return f"wrong: {what}", mutate(source, old, new)
    lines = source.split("\n")
    i = rng.choice(def_lines(source))
    name = lines[i].split("def ", 1)[1].split("(")[0]
    if kind == "raising":
        indent = DEF_LINE.match(lines[i]).group(1) + "    "
        lines.insert(i + 1, f'{indent}raise RuntimeError("not finished yet")')
        return f"raising: {name}", "\n".join(lines)
    lines[i] = lines[i].rstrip()[:-1]  # drop the colon: a SyntaxError
    return f"syntax: {name}", "\n".join(lines)


# --------------------------------------------------------------------------
# Checking the variants (in this process, like make_week.run_case)
# --------------------------------------------------------------------------

def passes(source, case):
    """Whether `source` passes one materialised case."""
    try:
        value = make_week.run_case(source, "mutant_check", case["setup"], case["expr"])
    except Exception as exc:
        if "raises" not in case:
            return False
        return (any(k.__name__ == case["raises"] for k in type(exc).__mro__)
                and re.search(case["match"] or "", str(exc)) is not None)
    return "raises" not in case and value == ast.literal_eval(case["expect"])


def check_variants(ch, cases):
    """Every wrong variant fails some cases but not all; every def line is
    one a raising or non-compiling variant can use."""
    for what, old, new in MUTATIONS[ch["slug"]]:
        source = mutate(ch["source"], old, new)
        compile(source, "solution.py", "exec")
        passed = sum(passes(source, c) for c in cases)
        if not 0 < passed < len(cases):
            sys.exit(f"{ch['slug']}: mutation {what!r} passes {passed}/{len(cases)} cases")
    if not def_lines(ch["source"]):
        sys.exit(f"{ch['slug']}: no def line")


# --------------------------------------------------------------------------
# pytest files
# --------------------------------------------------------------------------

# Imported by every test file: load the learner's file afresh (a new module
# object executed from the file, as grade re-executes it per case), then run
# the case's setup and expression in a copy of its namespace and await an
# awaitable value, as grade does.
PYTEST_HELPER = '''\
import asyncio
import importlib.util
import inspect
import sys


def fresh(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return dict(vars(module))


async def _wait(value):
    return await value


def value(ns, setup, expr):
    exec(setup, ns)
    result = eval(expr, ns)
    if inspect.isawaitable(result):
        result = asyncio.run(_wait(result))
    return result
'''


def pytest_module(learner, slug):
    return f"test_{learner.replace('-', '_')}__{make_week.module_name(slug)}"


def pytest_file(learner, ch, cases):
    rel = ("..", "class", learner, WEEK, ch["slug"], "solution.py")
    name = f"{learner.replace('-', '_')}__{make_week.module_name(ch['slug'])}_solution"
    lines = [
        "import os",
        "",
        "import pytest",
        "",
        "from classhelp import fresh, value",
        "",
        f"PATH = os.path.join(os.path.dirname(__file__), {', '.join(map(repr, rel))})",
        f"NAME = {name!r}",
        "",
        "",
    ]
    for i, c in enumerate(cases):
        # The module loads inside the test (not at import): a file that does
        # not compile fails its own tests instead of the whole collection,
        # and outside pytest.raises, since a module that raises while it
        # loads satisfies no case (as in grade).
        lines.append(f"def test_case_{i + 1:02d}():")
        lines.append("    ns = fresh(NAME, PATH)")
        call = f"value(ns, {c['setup']!r}, {c['expr']!r})"
        if "raises" in c:
            match = f", match={c['match']!r}" if c["match"] else ""
            lines.append(f"    with pytest.raises({c['raises']}{match}):")
            lines.append(f"        {call}")
        else:
            lines.append(f"    assert {call} == {c['expect']}")
        lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------
# The floor
# --------------------------------------------------------------------------

FLOOR_RUNNER = r'''
import argparse
import ast
import asyncio
import inspect
import json
import os
import pickle
import re
import select
import sys
import traceback
import types


async def _wait(value):
    return await value


def run_learner(root, compiled):
    """Every case of one learner: a list of outcomes, in CHALLENGES order."""
    outcomes = []
    for path, file, cases in compiled:
        try:
            with open(os.path.join(root, path, file), "rb") as f:
                code = compile(f.read(), file, "exec")
        except (SyntaxError, ValueError) as exc:
            outcomes.extend([("invalid", type(exc).__name__)] * len(cases))
            continue
        for setup, expr in cases:
            # A fresh module per case, as grade does; no isolation at all.
            module = types.ModuleType("solution")
            sys.modules["solution"] = module
            try:
                exec(code, module.__dict__)
            except BaseException as exc:
                outcomes.append(("load", type(exc).__name__))
                continue
            ns = dict(module.__dict__)
            try:
                exec(setup, ns)
                value = eval(expr, ns)
                if inspect.isawaitable(value):
                    value = asyncio.run(_wait(value))
            except BaseException as exc:
                mro = [(k.__module__, k.__qualname__) for k in type(exc).__mro__]
                outcomes.append(("raised", mro, str(exc)))
            else:
                outcomes.append(("value", value))
    return outcomes


def dumps(outcomes):
    try:
        return pickle.dumps(outcomes)
    except Exception:
        # A value that does not pickle cannot equal a literal: say so.
        safe = []
        for o in outcomes:
            try:
                pickle.dumps(o)
                safe.append(o)
            except Exception:
                safe.append(("unpicklable", repr(o[1])[:200]))
        return pickle.dumps(safe)


def child(root, compiled, w):
    status = 0
    try:
        data = dumps(run_learner(root, compiled))
        with os.fdopen(w, "wb") as f:
            f.write(data)
    except BaseException:
        traceback.print_exc()
        status = 1
    finally:
        os._exit(status)


def verdict(outcome, expected):
    """Pass or not: a value equal to the literal, or the exception class (by
    module and name along its MRO: identity for builtins) and message."""
    kind, want = expected
    if kind == "value":
        if outcome[0] != "value":
            return False
        try:
            return bool(outcome[1] == want)
        except Exception:
            return False
    if outcome[0] != "raised":
        return False
    (module, name), match = want
    return (module, name) in outcome[1] and re.search(match, outcome[2]) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("class_dir")
    ap.add_argument("-j", type=int, default=2, help="children at once")
    ap.add_argument("--verdicts", help="write [learner, path, case, passed] rows as JSON")
    args = ap.parse_args()

    # Compiled once, before any fork: grade compiles the instructor's code
    # when it loads the spec.
    compiled = [(path, file, [(compile(setup, "<setup>", "exec"), compile(expr, "<expr>", "eval"))
                              for _, setup, expr, _, _, _ in cases])
                for path, file, cases in CHALLENGES]
    expected = []
    for path, file, cases in CHALLENGES:
        for name, _, _, expect, raises, match in cases:
            if raises is None:
                expected.append((path, name, ("value", ast.literal_eval(expect))))
            else:
                module, _, cls = raises.rpartition(".")
                expected.append((path, name, ("raises", ((module or "builtins", cls), match or ""))))

    learners = sorted(os.listdir(args.class_dir))
    queue = list(reversed(learners))
    running = {}  # read end -> (pid, learner, chunks)
    rows = []
    failed_children = 0
    while queue or running:
        while queue and len(running) < args.j:
            learner = queue.pop()
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r)
                for fd in running:
                    os.close(fd)
                child(os.path.join(args.class_dir, learner), compiled, w)
            os.close(w)
            running[r] = (pid, learner, [])
        ready, _, _ = select.select(list(running), [], [])
        for r in ready:
            chunk = os.read(r, 1 << 16)
            if chunk:
                running[r][2].append(chunk)
                continue
            os.close(r)
            pid, learner, chunks = running.pop(r)
            _, status = os.waitpid(pid, 0)
            if status != 0 or not chunks:
                failed_children += 1
                outcomes = [("lost", None)] * len(expected)
            else:
                outcomes = pickle.loads(b"".join(chunks))
            for (path, name, want), outcome in zip(expected, outcomes):
                rows.append((learner, path, name, verdict(outcome, want)))

    passed = sum(row[3] for row in rows)
    print(f"{passed}/{len(rows)} passed")
    if args.verdicts:
        with open(args.verdicts, "w") as f:
            json.dump(rows, f)
    if failed_children:
        print(f"{failed_children} children failed", file=sys.stderr)
        sys.exit(2)
    sys.exit(0 if passed == len(rows) else 1)


main()
'''


# --------------------------------------------------------------------------
# The class
# --------------------------------------------------------------------------

def make_class(out, learners, seed=0, grade_only=False):
    if os.path.exists(os.path.join(out, "exercises")):
        sys.exit(f"{out} already holds a repo")
    names = [learner_name(k) for k in range(1, learners + 1)]
    manifest = dict(week=WEEK, seed=seed, learners=names, challenges=[], variants={},
                    pytest={})
    floor_data = []
    challenges = []
    for ch in make_week.CHALLENGES:
        cases = make_week.materialise(ch)
        for c in cases:
            # grade trims a case name (`expr[:40]` may end in a space), and
            # class.py lines up the three runners' verdicts by name.
            c["name"] = c["name"].strip()
        for c in cases[-HIDDEN_PER_CHALLENGE:]:
            c["hidden"] = True
        check_variants(ch, cases)
        make_week.write_challenge(out, WEEK, ch["slug"], ch["title"], ch["topic"],
                                  ch["source"], cases)
        path = f"{WEEK}/{ch['slug']}"
        challenges.append((ch, cases))
        manifest["challenges"].append(dict(
            path=path, slug=ch["slug"],
            cases=[dict(name=c["name"], hidden=bool(c.get("hidden")), test=f"test_case_{i + 1:02d}")
                   for i, c in enumerate(cases)],
        ))
        floor_data.append((path, "solution.py", [
            (c["name"], c["setup"], c["expr"], c.get("expect"), c.get("raises"), c.get("match"))
            for c in cases]))

    if not grade_only:
        make_week.write(os.path.join(out, "pytest", "pytest.ini"), "[pytest]\n")
        make_week.write(os.path.join(out, "pytest", "classhelp.py"), PYTEST_HELPER)
        make_week.write(os.path.join(out, "floor.py"),
                        "CHALLENGES = " + repr(floor_data) + "\n" + FLOOR_RUNNER)

    for k, learner in enumerate(names, start=1):
        manifest["variants"][learner] = {}
        for ch, cases in challenges:
            # Seeded per (seed, learner, challenge), not from one stream: learner
            # k gets the same files whatever the size of the class.
            rng = random.Random(f"{seed}/{k}/{ch['slug']}")
            label, source = variant_source(ch, rng)
            manifest["variants"][learner][ch["slug"]] = label
            make_week.write(os.path.join(out, "class", learner, WEEK, ch["slug"], "solution.py"),
                            source)
            if not grade_only:
                module = pytest_module(learner, ch["slug"])
                manifest["pytest"][module] = [learner, f"{WEEK}/{ch['slug']}"]
                make_week.write(os.path.join(out, "pytest", module + ".py"),
                                pytest_file(learner, ch, cases))

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--learners", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--grade-only", action="store_true",
                    help="no pytest files and no floor (for the 2000-learner scale run)")
    args = ap.parse_args()
    make_class(args.out, args.learners, args.seed, args.grade_only)


if __name__ == "__main__":
    main()
