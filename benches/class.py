#!/usr/bin/env python3
"""Driver of the class benchmark: generates a class (make_class.py), checks
that grade, pytest-xdist and the plain-Python floor agree on every case,
times them round by round, prints the table.

Run it through benches/class.sh, which finds the interpreter, pytest-xdist
and grade, and owns the temporary folder. Each round runs grade, then
pytest, then the floor, once each: a shared machine whose speed drifts
during the minutes this takes slows all three of a round alike, so the
ratios are taken per round, then their median.
"""

import argparse
import collections
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_class  # noqa: E402

JOBS = 2
RUNNERS = ("grade", "pytest", "floor")


# --------------------------------------------------------------------------
# Running and measuring
# --------------------------------------------------------------------------

def proc_field_kb(pid, file, field):
    """A `Field:  N kB` line of /proc/PID/FILE, or None."""
    try:
        with open(f"/proc/{pid}/{file}", "rb") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def pss_kb(pid):
    """Proportional set size of a process (shared pages split between the
    processes sharing them, so forked children are not counted twice), or
    its RSS when smaps_rollup cannot be read; 0 once it is gone."""
    pss = proc_field_kb(pid, "smaps_rollup", b"Pss:")
    if pss is not None:
        return pss
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except OSError:
        return 0


def hwm_kb(pid):
    """Peak resident set size of a living process (VmHWM), 0 once it is gone."""
    return proc_field_kb(pid, "status", b"VmHWM:") or 0


def tree(root):
    """`root` and its descendants, parents before children, from the parent
    ids in /proc/*/stat (this kernel has no /proc/PID/task/TID/children)."""
    children = collections.defaultdict(list)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after it.
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        children[ppid].append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


class TreeSampler(threading.Thread):
    """Peak of the summed PSS of a process tree, sampled every `interval`
    seconds. Sampling costs CPU on the machine being measured, so it runs
    only in the untimed check runs (and the single --scale runs), and it
    can miss a spike shorter than the interval. Also the peak RSS of the
    measured command's own process (the launcher's child: for grade, the
    grader without its zygote and children), which the largest-process
    figure hides when a child is larger; VmHWM only grows, so the last
    sample misses at most the final interval's growth."""

    def __init__(self, pid, interval=0.1):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.own_kb = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(self.interval):
            # Less the launcher at the root (see run).
            pids = tree(self.pid)[1:]
            total = sum(pss_kb(pid) for pid in pids)
            self.peak_kb = max(self.peak_kb, total)
            if pids:
                # The launcher forks once: its only child comes first.
                self.own_kb = max(self.own_kb, hwm_kb(pids[0]))

    def stop(self):
        self.done.set()
        self.join()
        return self.peak_kb


# Starts the measured command and reports its figures. Needed because a
# process's peak RSS (ru_maxrss) counts the memory of the process it was
# forked from until its exec: started from class.py, which holds a class's
# worth of verdicts, every runner would show class.py's size. Forked from
# this small `python -S` instead, the floor of the figure is ~6 MiB.
LAUNCHER = r"""
import json, os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, "w") as f:
    json.dump(dict(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
                   maxrss_kb=usage.ru_maxrss), f)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run(argv, cwd, stdout=None, sample=False, ok=(0, 1)):
    """One run of `argv` in `cwd`: wall seconds, CPU seconds (user + system
    of the process and every descendant it reaped, from wait4), the largest
    single process's peak RSS in KiB (wait4's ru_maxrss), and with `sample`
    the sampled peak PSS of the whole tree. Exit 1 is what grade and pytest
    say when some case failed, which a class always has: only other codes
    are errors."""
    fd, figures = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, figures] + argv,
                                    cwd=cwd, stdout=stdout or subprocess.DEVNULL, stderr=err)
            sampler = TreeSampler(proc.pid) if sample else None
            if sampler:
                sampler.start()
            proc.wait()
            tree_kb = sampler.stop() if sampler else None
            own_kb = sampler.own_kb if sampler else None
            if proc.returncode not in ok:
                err.seek(0)
                sys.exit(f"{shlex.join(argv)} (in {cwd}) exited {proc.returncode}:\n"
                         f"{err.read().decode(errors='replace')[-4000:]}")
        with open(figures) as f:
            return dict(json.load(f), tree_kb=tree_kb, own_kb=own_kb)
    finally:
        os.unlink(figures)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


# --------------------------------------------------------------------------
# Verdicts: (learner, challenge path, case name) -> what the runner said
# --------------------------------------------------------------------------

def grade_verdicts(report_path):
    with open(report_path) as f:
        report = json.load(f)
    out = {}
    for sub in report["submissions"]:
        for ch in sub["challenges"]:
            for case in ch["cases"]:
                out[(sub["learner"], ch["path"], case["name"])] = case["status"]
    return out, report


def pytest_verdicts(junit_path, manifest):
    """From pytest's JUnit XML: 'passed', or the failure's first line."""
    names = {ch["path"]: {c["test"]: c["name"] for c in ch["cases"]}
             for ch in manifest["challenges"]}
    out = {}
    for case in ET.parse(junit_path).getroot().iter("testcase"):
        where = manifest["pytest"].get(case.get("classname"))
        if where is None:
            # A collection error or a test this benchmark did not write.
            out[("?", case.get("classname"), case.get("name"))] = "unknown test"
            continue
        learner, path = where
        problem = next((c for c in case if c.tag in ("failure", "error", "skipped")), None)
        if problem is None:
            verdict = "passed"
        else:
            message = (problem.get("message") or "").strip().split("\n")[0]
            verdict = f"{problem.tag}: {message[:80]}"
        out[(learner, path, names[path][case.get("name")])] = verdict
    return out


def floor_verdicts(path):
    with open(path) as f:
        return {(learner, p, name): "passed" if ok else "not passed"
                for learner, p, name, ok in json.load(f)}


def check_agreement(manifest, grade, pytest, floor):
    """Every case of the class must be there in all three and be a pass in
    all or in none. Returns the list of differences."""
    keys = [(learner, ch["path"], c["name"]) for learner in manifest["learners"]
            for ch in manifest["challenges"] for c in ch["cases"]]
    differences = []
    for key in keys:
        g, p, f = grade.get(key), pytest.get(key), floor.get(key)
        passed = (g == "pass", p == "passed", f == "passed")
        if None in (g, p, f) or len(set(passed)) != 1:
            differences.append((key, g, p, f))
    known = set(keys)
    for key in set(grade) | set(pytest) | set(floor):
        if key not in known:
            differences.append((key, grade.get(key), pytest.get(key), floor.get(key)))
    return differences


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def mib(kb):
    return "       -" if kb is None else f"{kb / 1024:6.0f} MiB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grade", required=True)
    ap.add_argument("--grade-source", help="where the binary was copied from, for the header")
    ap.add_argument("--python", required=True, help="the interpreter grade embeds")
    ap.add_argument("--pytest-python", required=True, help="an interpreter with pytest-xdist")
    ap.add_argument("--work", required=True, help="an empty scratch folder")
    ap.add_argument("--learners", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scale", action="store_true",
                    help="then grade alone on 2000 learners: time and memory beside the class")
    ap.add_argument("--scale-learners", type=int, default=2000, help=argparse.SUPPRESS)
    args = ap.parse_args()

    grade, py, work = args.grade, args.python, args.work
    load_start = loadavg()
    started = time.perf_counter()

    # ---- generate --------------------------------------------------------------
    out = os.path.join(work, "class")
    print(f"generating {args.learners} learners…", file=sys.stderr)
    manifest = make_class.make_class(out, args.learners, args.seed)
    n_cases = sum(len(ch["cases"]) for ch in manifest["challenges"])
    total = args.learners * n_cases

    argv = {
        "grade": [grade, "--class", os.path.join(out, "class"), "--format", "json",
                  "-j", str(JOBS), os.path.join(out, "exercises")],
        "pytest": [args.pytest_python, "-m", "pytest", "-q", "-n", str(JOBS), "--tb=line",
                   "-p", "no:cacheprovider"],
        "floor": [py, "floor.py", "class", "-j", str(JOBS)],
    }
    cwd = {"grade": out, "pytest": os.path.join(out, "pytest"), "floor": out}

    # ---- check: one run each, verdicts compared case by case -------------------
    # These runs also warm the caches the timed runs will find (pytest's
    # rewritten test modules, the learners' bytecode, the page cache).
    print("checking that grade, pytest and the floor agree…", file=sys.stderr)
    check = {}
    report_path = os.path.join(work, "grade.json")
    with open(report_path, "wb") as f:
        check["grade"] = run(argv["grade"], cwd["grade"], stdout=f, sample=True)
    g_verdicts, report = grade_verdicts(report_path)
    junit = os.path.join(work, "pytest.xml")
    check["pytest"] = run(argv["pytest"] + [f"--junitxml={junit}"], cwd["pytest"], sample=True)
    p_verdicts = pytest_verdicts(junit, manifest)
    floor_json = os.path.join(work, "floor.json")
    check["floor"] = run(argv["floor"] + ["--verdicts", floor_json], cwd["floor"], sample=True)
    f_verdicts = floor_verdicts(floor_json)

    variants = collections.Counter(v.split(":")[0] for per in manifest["variants"].values()
                                   for v in per.values())
    statuses = collections.Counter(g_verdicts.values())
    differences = check_agreement(manifest, g_verdicts, p_verdicts, f_verdicts)
    if differences:
        print(f"\nDISAGREEMENT on {len(differences)} of {total} cases "
              f"(grade status | pytest | floor | the learner's variant):")
        for (learner, path, name), g, p, f in differences[:12]:
            variant = manifest["variants"].get(learner, {}).get(path.split("/")[-1], "?")
            print(f"  {learner} {path} {name!r}: {g} | {p} | {f} | {variant}")
        sys.exit(1)

    # ---- timed rounds ----------------------------------------------------------
    times = {name: [] for name in RUNNERS}
    for r in range(args.rounds):
        for name in RUNNERS:
            times[name].append(run(argv[name], cwd[name]))
        print(f"round {r + 1}/{args.rounds}: " +
              ", ".join(f"{name} {times[name][-1]['wall']:.1f} s" for name in RUNNERS),
              file=sys.stderr)
    ratio_pytest = [p["wall"] / g["wall"] for g, p in zip(times["grade"], times["pytest"])]
    ratio_floor = [g["wall"] / f["wall"] for g, f in zip(times["grade"], times["floor"])]

    # ---- scale: grade alone, the class then 2000 learners ------------------------
    scale = None
    if args.scale:
        big_n = args.scale_learners
        big = os.path.join(work, f"class{big_n}")
        print(f"generating {big_n} learners…", file=sys.stderr)
        make_class.make_class(big, big_n, args.seed, grade_only=True)
        big_argv = [grade, "--class", os.path.join(big, "class"), "--format", "json",
                    "-j", str(JOBS), os.path.join(big, "exercises")]
        # One run of each, back to back, both sampled alike.
        print(f"grade on {args.learners} then {big_n} learners…", file=sys.stderr)
        small_run = run(argv["grade"], cwd["grade"], sample=True)
        big_report = os.path.join(work, f"grade{big_n}.json")
        with open(big_report, "wb") as f:
            big_run = run(big_argv, big, stdout=f, sample=True)
        big_verdicts, big_json = grade_verdicts(big_report)
        # Learner k has the same files in both classes: same verdicts.
        same = all(big_verdicts.get(k) == v for k, v in g_verdicts.items())
        scale = dict(n=big_n, small=small_run, big=big_run, same=same,
                     submissions=len(big_json["submissions"]))

    elapsed = time.perf_counter() - started
    load_end = loadavg()

    # ---- the table ---------------------------------------------------------------
    pytest_version = subprocess.run(
        [args.pytest_python, "-c", "import pytest, xdist; "
         "print(f'pytest {pytest.__version__}, pytest-xdist {xdist.__version__}')"],
        capture_output=True, text=True).stdout.strip()
    py_version = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"],
                                capture_output=True, text=True).stdout.strip()
    labels = {
        "grade": f"grade --class -j {JOBS}",
        "pytest": f"pytest -n {JOBS} (xdist), one file per learner challenge",
        "floor": f"floor: python, os.fork per learner, {JOBS} at a time",
    }

    print()
    print(f"class benchmark · {os.cpu_count()} cores · load average {load_start} at start, "
          f"{load_end} at end")
    print(f"grade {args.grade_source or grade} · Python {py_version} · {pytest_version}")
    print(f"{args.learners} learners x {len(manifest['challenges'])} challenges x "
          f"{n_cases // len(manifest['challenges'])} cases = {total} cases "
          f"({make_class.HIDDEN_PER_CHALLENGE} hidden per challenge) · seed {args.seed}")
    print("learner challenges: " + ", ".join(f"{variants[k]} {k}" for k, _ in
                                             make_class.VARIANTS))
    print(f"agreement: grade, pytest and the floor agree on all {total} cases · "
          f"grade: " + ", ".join(f"{n} {s}" for s, n in statuses.most_common()))
    print(f"{args.rounds} rounds of grade, pytest, floor in turn · wall clock of a new "
          f"process each run")
    print()
    print(f"  {'':<56}{'median':>9}{'min':>9}{'cpu':>9}{'max RSS':>10}{'tree PSS':>10}")
    for name in RUNNERS:
        walls = [t["wall"] for t in times[name]]
        cpu = statistics.mean(t["cpu"] for t in times[name])
        maxrss = max(t["maxrss_kb"] for t in times[name])
        print(f"  {labels[name]:<56}{statistics.median(walls):7.1f} s{min(walls):7.1f} s"
              f"{cpu:7.1f} s{mib(maxrss):>10}{mib(check[name]['tree_kb']):>10}")
    print(f"  {'':<56}max RSS: the largest single process (wait4); tree PSS: the whole")
    print(f"  {'':<56}tree, sampled every 0.1 s during the check run")
    print()
    print(f"  {'per round (then the median):':<56}{'median':>9}{'best':>9}{'worst':>9}"
          f"   target")
    for label, ratios, target, best in [
            ("pytest-xdist / grade", ratio_pytest, ">= 20 x", max),
            ("grade / floor", ratio_floor, "<= 1.5 x", min)]:
        worst = min if best is max else max
        print(f"  {label:<56}{statistics.median(ratios):7.2f} x{best(ratios):7.2f} x"
              f"{worst(ratios):7.2f} x   {target}")
    print(f"  {'  each round':<56}" + "  ".join(
        f"{g['wall']:.1f}/{p['wall']:.1f}/{f['wall']:.1f} s"
        for g, p, f in zip(times["grade"], times["pytest"], times["floor"]))
          + "  (grade/pytest/floor)")
    grade_ms = report["summary"]["duration_ms"]
    case_ms = [c["duration_ms"] for s in report["submissions"] for ch in s["challenges"]
               for c in ch["cases"] if "duration_ms" in c]
    print(f"  grade's own report of the check run: duration_ms {grade_ms}, "
          f"sum of the {len(case_ms)} visible case durations {sum(case_ms) / 1000:.1f} s")

    if scale:
        print()
        s, b, n = scale["small"], scale["big"], scale["n"]
        print(f"Scale: grade alone, {args.learners} then {n} learners, one run each "
              f"(tree sampled)")
        print(f"  {'':<34}{'wall':>9}{'cpu':>9}{'per learner':>13}{'max RSS':>10}"
              f"{'grader':>10}{'tree PSS':>10}")
        for label, t, k in [(f"{args.learners} learners", s, args.learners),
                            (f"{n} learners", b, n)]:
            print(f"  {label:<34}{t['wall']:7.1f} s{t['cpu']:7.1f} s"
                  f"{t['wall'] / k * 1000:9.1f} ms{mib(t['maxrss_kb']):>10}"
                  f"{mib(t['own_kb']):>10}{mib(t['tree_kb']):>10}")
        print(f"  {f'{n} / {args.learners}':<34}{b['wall'] / s['wall']:7.2f} x"
              f"{b['cpu'] / s['cpu']:7.2f} x{'':>13}{b['maxrss_kb'] / s['maxrss_kb']:8.2f} x"
              f"{b['own_kb'] / max(s['own_kb'], 1):8.2f} x"
              f"{b['tree_kb'] / max(s['tree_kb'], 1):8.2f} x")
        print(f"  {'':<34}grader: the grade process's own peak RSS (VmHWM, sampled),")
        print(f"  {'':<34}without its zygote and children")
        print(f"  goal: time x {n / args.learners:.0f} (linear), memory x 1 (flat) · "
              f"{scale['submissions']} submissions reported · first {args.learners} "
              f"learners' verdicts {'the same' if scale['same'] else 'DIFFER'} in both runs")
    print()
    print(f"whole benchmark: {elapsed:.0f} s")
    if scale and not scale["same"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
