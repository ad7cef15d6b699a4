#!/usr/bin/env python3
"""The test-files benchmark (issue: run the tests teachers already have):
the synthetic week written as plain-assert test files (make_week.py
testfiles), graded by `grade` and run by pytest, the same files, round by
round. Checks first that both give every test the same verdict.

    testfiles.py --grade G --pytest-python P --work DIR [--rounds N]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def grade_verdicts(grade, repo):
    run = subprocess.run([grade, "exercises", "--format", "json"], cwd=repo,
                         capture_output=True, text=True)
    report = json.loads(run.stdout)
    return {
        (challenge["path"].rsplit("/", 1)[-1], case["name"]): case["status"]
        for challenge in report["submissions"][0]["challenges"]
        for case in challenge["cases"]
    }


def pytest_verdicts(python, week):
    run = subprocess.run([python, "-m", "pytest", "-q", "-rA", "--tb=no", "-p", "no:cacheprovider"],
                         cwd=week, capture_output=True, text=True)
    verdicts = {}
    for line in run.stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("PASSED", "FAILED", "ERROR") and "::" in rest:
            path, _, name = rest.split(" ")[0].partition("::")
            verdicts[(path.split("/")[0], name)] = "pass" if status == "PASSED" else "fail"
    return verdicts


def timed(command, cwd):
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grade", required=True)
    ap.add_argument("--pytest-python", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    repo = os.path.join(args.work, "testfiles")
    subprocess.run([sys.executable, os.path.join(HERE, "make_week.py"), "testfiles", repo], check=True)
    week = os.path.join(repo, "exercises", "week1")
    # pytest sees each challenge folder by name: map test files to slugs.
    mine = grade_verdicts(args.grade, repo)
    theirs_by_file = pytest_verdicts(args.pytest_python, week)
    theirs = {(slug, name): status for (slug, name), status in theirs_by_file.items()}
    if mine != theirs or len(mine) != 100:
        print(f"verdicts differ: grade {len(mine)} tests, pytest {len(theirs)}")
        for key in sorted(set(mine) | set(theirs))[:10]:
            if mine.get(key) != theirs.get(key):
                print("  ", key, mine.get(key), theirs.get(key))
        sys.exit(1)
    print(f"agreement: grade and pytest give the same verdict to all {len(mine)} tests")
    grade_cmd = [args.grade, "exercises", "--format", "json"]
    pytest_cmd = [args.pytest_python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    for _ in range(2):  # warm-up: caches, bytecode
        timed(grade_cmd, repo)
        timed(pytest_cmd, week)
    rounds = []
    for _ in range(args.rounds):
        rounds.append((timed(grade_cmd, repo), timed(pytest_cmd, week)))
    g = [r[0] for r in rounds]
    p = [r[1] for r in rounds]
    ratios = [pt / gt for gt, pt in rounds]
    print(f"{args.rounds} rounds, grade then pytest in turn, wall clock of a new process each")
    print(f"  grade exercises (test_files)   median {statistics.median(g) * 1000:7.1f} ms   min {min(g) * 1000:7.1f} ms")
    print(f"  pytest -q (same files)         median {statistics.median(p) * 1000:7.1f} ms   min {min(p) * 1000:7.1f} ms")
    print(f"  pytest / grade per round: median {statistics.median(ratios):.2f}x, "
          f"best {max(ratios):.2f}x, worst {min(ratios):.2f}x (target >= 3x)")


if __name__ == "__main__":
    main()
