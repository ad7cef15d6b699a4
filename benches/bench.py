#!/usr/bin/env python3
"""Driver of the grade benchmark: generates the repos (make_week.py), checks
that every peer passes every case, times them, prints the table.

Run it through benches/run.sh, which builds grade, finds the interpreter and
pytest, and owns the temporary folder. Timing uses hyperfine when it is on
PATH (unless BENCH_TIMER=python), else a time.perf_counter loop around
subprocess.run; both run WARMUP discarded runs then RUNS timed ones of each
command, one command after the other.
"""

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_week  # noqa: E402


class Timer:
    def __init__(self, runs, warmup, work):
        self.runs = runs
        self.warmup = warmup
        self.work = work
        self.hyperfine = shutil.which("hyperfine")
        if os.environ.get("BENCH_TIMER") == "python":
            self.hyperfine = None
        self.count = 0

    def describe(self):
        if self.hyperfine:
            version = subprocess.run([self.hyperfine, "--version"], capture_output=True,
                                     text=True).stdout.strip()
            how = f"{version} -N"
        else:
            how = "perf_counter loop"
        return f"{how}, {self.runs} runs after {self.warmup} warm-up"

    def __call__(self, argv, cwd, env=None):
        """Wall times in seconds of `argv` run in `cwd`, and its mean CPU time
        (user + system, children included); fails on exit != 0."""
        env = dict(os.environ, **(env or {}))
        if self.hyperfine:
            self.count += 1
            out = os.path.join(self.work, f"hyperfine-{self.count}.json")
            subprocess.run(
                [self.hyperfine, "-N", "--style", "none", "--warmup", str(self.warmup),
                 "--runs", str(self.runs), "--export-json", out, shlex.join(argv)],
                cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
            )
            with open(out) as f:
                result = json.load(f)["results"][0]
            return result["times"], result["user"] + result["system"]
        times = []
        cpu = 0.0
        for i in range(self.warmup + self.runs):
            elapsed, used = run_once(argv, cwd, env)
            if i >= self.warmup:
                times.append(elapsed)
                cpu += used
        return times, cpu / self.runs


def run_once(argv, cwd, env=None):
    """Wall and CPU seconds (user + system, children included) of one run
    of `argv` in `cwd`; fails on exit != 0."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{shlex.join(argv)} exited {done.returncode}:\n"
                 f"{done.stderr.decode(errors='replace')}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(pairs_of, runs, warmup):
    """Runs two commands in turn, `runs` rounds after `warmup`, and returns
    each one's wall times and the ratio of the second to the first in each
    round: a machine whose speed drifts during the benchmark moves both
    commands of a round alike, so the ratios stay steady where the two
    separate series of hyperfine would not."""
    a_times, b_times = [], []
    for i in range(warmup + runs):
        measured = [run_once(argv, cwd)[0] for argv, cwd in pairs_of]
        if i >= warmup:
            a_times.append(measured[0])
            b_times.append(measured[1])
    return a_times, b_times, [b / a for a, b in zip(a_times, b_times)]


class Results(dict):
    """name -> wall times; .cpu: name -> mean CPU seconds."""

    def __init__(self):
        super().__init__()
        self.cpu = {}

    def __setitem__(self, key, measured):
        times, cpu = measured
        self.cpu[key] = cpu
        super().__setitem__(key, times)


def ms(seconds):
    return f"{seconds * 1000:8.1f} ms"


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def grade_json(grade, repo, expect_cases, jobs=None):
    """Grades once with --format json; checks that every case passed."""
    argv = [grade, "--format", "json"] + (["-j", str(jobs)] if jobs else []) + [repo]
    done = subprocess.run(argv, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{shlex.join(argv)} gave no JSON (exit {done.returncode}):\n{done.stderr}")
    summary = report["summary"]
    if done.returncode != 0 or summary["passed"] != expect_cases or summary["failed"]:
        sys.exit(f"{shlex.join(argv)}: expected {expect_cases} passing cases, got {summary}")
    return report


def check_output(argv, cwd, needle):
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0 or needle not in done.stdout:
        sys.exit(f"{shlex.join(argv)} in {cwd} did not report {needle!r}:\n"
                 f"{done.stdout}\n{done.stderr}")


def profile(grade, repo, runs, jobs):
    """GRADE_PROFILE lines summed over `runs` runs: per-child µs."""
    path = os.path.join(os.path.dirname(repo), "profile.jsonl")
    for _ in range(runs):
        subprocess.run([grade, "-j", str(jobs), repo], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, GRADE_PROFILE=path))
    total = {"children": 0, "spawn_us": 0, "sandbox_us": 0, "cleanup_us": 0}
    with open(path) as f:
        for line in f:
            for key, value in json.loads(line).items():
                total[key] = total.get(key, 0) + value
    n = max(total["children"], 1)
    return {k: total[k] / n for k in ("spawn_us", "sandbox_us", "cleanup_us")}, total["children"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grade", required=True)
    ap.add_argument("--grade-source", help="where the binary was copied from, for the header")
    ap.add_argument("--python", required=True, help="the interpreter grade embeds")
    ap.add_argument("--pytest-python", required=True, help="an interpreter with pytest")
    ap.add_argument("--work", required=True, help="an empty scratch folder")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    args = ap.parse_args()

    grade, py, work = args.grade, args.python, args.work
    timer = Timer(args.runs, args.warmup, work)
    load_start = loadavg()
    started = time.perf_counter()

    # ---- generate and check ------------------------------------------------
    repos = {}
    week = repos["week"] = os.path.join(work, "week")
    make_week.make_week(week)
    for name, challenges, cases in [("t1", 1, 1), ("t1000", 1, 1000),
                                    ("c50x1", 50, 1), ("c1x50", 1, 50)]:
        repos[name] = os.path.join(work, name)
        make_week.make_trivial(repos[name], challenges, cases)
    ex = {k: os.path.join(v, "exercises", "week1") for k, v in repos.items()}

    # The same week less its asyncio challenge: what importing asyncio costs.
    repos["week9"] = os.path.join(work, "week9")
    shutil.copytree(os.path.join(week, "exercises"), os.path.join(repos["week9"], "exercises"),
                    ignore=shutil.ignore_patterns("async-fetcher"))
    ex["week9"] = os.path.join(repos["week9"], "exercises", "week1")

    report = grade_json(grade, ex["week"], 100)
    grade_json(grade, ex["week9"], 90)
    for name, n in [("t1", 1), ("t1000", 1000), ("c50x1", 50), ("c1x50", 50)]:
        grade_json(grade, ex[name], n, jobs=1)
    pytest_argv = [args.pytest_python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    pytest_dir = os.path.join(week, "pytest")
    check_output(pytest_argv, pytest_dir, "100 passed")
    check_output([py, "plain.py"], week, "100/100 passed")
    for name, n in [("t1", 1), ("t1000", 1000), ("c50x1", 50), ("c1x50", 50)]:
        check_output([py, "forked.py"], repos[name], f"{n}/{n} passed")
    pytest_version = subprocess.run([args.pytest_python, "-m", "pytest", "--version"],
                                    capture_output=True, text=True).stdout.strip()
    py_version = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"],
                                capture_output=True, text=True).stdout.strip()

    # ---- 1. the week ---------------------------------------------------------
    t = Results()
    t["week grade"] = timer([grade, ex["week"]], cwd=week)
    t["week pytest"] = timer(pytest_argv, cwd=pytest_dir)
    t["week plain"] = timer([py, "plain.py"], cwd=week)
    t["week plain S"] = timer([py, "-S", "plain.py"], cwd=week)
    t["week grade j1"] = timer([grade, "-j", "1", ex["week"]], cwd=week)
    t["week9 grade"] = timer([grade, ex["week9"]], cwd=week)
    t["python startup"] = timer([py, "-c", "pass"], cwd=week)
    t["python S startup"] = timer([py, "-S", "-c", "pass"], cwd=week)
    t["python S asyncio"] = timer([py, "-S", "-c", "import asyncio"], cwd=week)
    if args.pytest_python != py:
        t["pytest python startup"] = timer([args.pytest_python, "-c", "pass"], cwd=week)
    paired_grade, paired_pytest, paired_ratio = interleaved(
        [([grade, ex["week"]], week), (pytest_argv, pytest_dir)], args.runs, args.warmup)

    # ---- 2. per case -----------------------------------------------------------
    for name in ("t1", "t1000"):
        t[f"{name} grade"] = timer([grade, ex[name]], cwd=repos[name])
        t[f"{name} plain"] = timer([py, "-S", "forked.py"], cwd=repos[name])

    # ---- 3. per child ----------------------------------------------------------
    for name in ("c50x1", "c1x50"):
        t[f"{name} grade j1"] = timer([grade, "-j", "1", ex[name]], cwd=repos[name])
        t[f"{name} grade j2"] = timer([grade, "-j", "2", ex[name]], cwd=repos[name])
        t[f"{name} plain"] = timer([py, "-S", "forked.py"], cwd=repos[name])
    prof, prof_children = profile(grade, ex["c50x1"], 5, jobs=1)

    elapsed = time.perf_counter() - started
    load_end = loadavg()

    # ---- the table ---------------------------------------------------------------
    med = {k: statistics.median(v) for k, v in t.items()}
    mn = {k: min(v) for k, v in t.items()}
    cpu = t.cpu
    case_ms = [c["duration_ms"] for ch in report["submissions"][0]["challenges"]
               for c in ch["cases"]]

    def row(label, key, target=""):
        print(f"  {label:<52}{ms(med[key])}{ms(mn[key])}{ms(cpu[key])}   {target}")

    def diff_row(label, a, b, n, unit, target=""):
        scale = 1e6 if unit == "µs" else 1e3
        d_med = (med[a] - med[b]) / n * scale
        d_min = (mn[a] - mn[b]) / n * scale
        d_cpu = (cpu[a] - cpu[b]) / n * scale
        print(f"  {label:<52}{d_med:8.2f} {unit}{d_min:8.2f} {unit}{d_cpu:8.2f} {unit}"
              f"   {target}")

    head = f"  {'':<52}{'median':>11}{'min':>11}{'cpu':>11}   target"
    print()
    print(f"grade benchmark · {os.cpu_count()} cores · load average {load_start} at start, "
          f"{load_end} at end")
    print(f"grade {args.grade_source or grade} · Python {py_version} · {pytest_version}")
    print(f"timer: {timer.describe()} · wall clock of a cold process each run")
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}")
    print()
    print("1. A week: 10 challenges x 10 cases (100 cases, all passing)")
    print(head)
    row("grade week1 (default -j = cores)", "week grade", "<= 100 ms")
    row("grade -j 1 week1", "week grade j1")
    row("grade week1 less its asyncio challenge (90 cases)", "week9 grade")
    row("pytest -q -p no:cacheprovider, same 100 cases", "week pytest")
    row("plain python, one process, no isolation", "week plain")
    row("plain python -S (no site, as grade starts Python)", "week plain S")
    row("  python -c pass", "python startup")
    row("  python -S -c pass", "python S startup")
    row("  python -S -c 'import asyncio'", "python S asyncio")
    if "pytest python startup" in t:
        row("  pytest's venv python -c pass", "pytest python startup")
    sp_med = med["week pytest"] / med["week grade"]
    sp_min = mn["week pytest"] / mn["week grade"]
    sp_cpu = cpu["week pytest"] / cpu["week grade"]
    print(f"  {'speed-up of grade over pytest':<52}{sp_med:9.2f} x{sp_min:9.2f} x"
          f"{sp_cpu:9.2f} x   >= 3.5 x")
    print(f"  {'  the same, grade and pytest run in turn (perf_counter)':<52}"
          f"{statistics.median(paired_ratio):9.2f} x{max(paired_ratio):9.2f} x"
          f"{'':>11}   median and best of the {len(paired_ratio)} rounds' ratios")
    print(f"  {'    grade, pytest in those rounds (median)':<52}"
          f"{ms(statistics.median(paired_grade))}{ms(statistics.median(paired_pytest))}")
    print(f"  {'grade / plain python -S':<52}{med['week grade'] / med['week plain S']:9.2f} x"
          f"{mn['week grade'] / mn['week plain S']:9.2f} x"
          f"{cpu['week grade'] / cpu['week plain S']:9.2f} x")
    print(f"  grade's own report of that run: duration_ms {report['summary']['duration_ms']}, "
          f"sum of the 100 case durations {sum(case_ms):.1f} ms "
          f"(max {max(case_ms):.1f} ms)")
    print()
    print("2. Per-case overhead: 1 challenge with 1 vs 1000 trivial cases (f() == 1)")
    print(head)
    row("grade, 1 case", "t1 grade")
    row("grade, 1000 cases", "t1000 grade")
    diff_row("grade per case = (t1000 - t1) / 999", "t1000 grade", "t1 grade", 999, "µs")
    diff_row("plain python fork, module re-run per case, same", "t1000 plain", "t1 plain",
             999, "µs")
    print()
    print("3. Per child: 50 challenges x 1 case vs 1 challenge x 50 cases")
    print(head)
    row("grade -j 1, 50 x 1", "c50x1 grade j1")
    row("grade -j 1, 1 x 50", "c1x50 grade j1")
    row("grade -j 2, 50 x 1", "c50x1 grade j2")
    row("grade -j 2, 1 x 50", "c1x50 grade j2")
    row("plain python, os.fork per challenge, serial, 50 x 1", "c50x1 plain")
    row("plain python, os.fork per challenge, serial, 1 x 50", "c1x50 plain")
    diff_row("grade -j 1 per child = difference / 49", "c50x1 grade j1", "c1x50 grade j1", 49,
             "ms")
    diff_row("grade -j 2 per child (wall, two at a time)", "c50x1 grade j2", "c1x50 grade j2",
             49, "ms")
    diff_row("plain fork per child", "c50x1 plain", "c1x50 plain", 49, "ms")
    extra_med = ((med["c50x1 grade j1"] - med["c1x50 grade j1"])
                 - (med["c50x1 plain"] - med["c1x50 plain"])) / 49 * 1e3
    extra_min = ((mn["c50x1 grade j1"] - mn["c1x50 grade j1"])
                 - (mn["c50x1 plain"] - mn["c1x50 plain"])) / 49 * 1e3
    extra_cpu = ((cpu["c50x1 grade j1"] - cpu["c1x50 grade j1"])
                 - (cpu["c50x1 plain"] - cpu["c1x50 plain"])) / 49 * 1e3
    print(f"  {'grade -j 1 extra per child over a plain fork':<52}{extra_med:8.2f} ms"
          f"{extra_min:8.2f} ms{extra_cpu:8.2f} ms   < 2 ms")
    total = sum(prof.values())
    print(f"  GRADE_PROFILE per child (-j 1, {prof_children} children over 5 runs, mean):")
    print(f"    spawn {prof['spawn_us']:.0f} µs (scratch dir, cgroup cell, pipes, fork) + "
          f"sandbox {prof['sandbox_us']:.0f} µs (in the child) + "
          f"cleanup {prof['cleanup_us']:.0f} µs (kill, reap, remove) "
          f"= {total / 1000:.2f} ms   < 2 ms")
    print()
    print(f"whole benchmark: {elapsed:.0f} s")


if __name__ == "__main__":
    main()
