"""Real exercise suites under grade and under pytest, case by case.

Given a checkout of a suite laid out as Exercism's Python track is
(exercises/practice/<slug>/ with <module>.py, the stub; <module>_test.py,
unittest tests; .meta/example.py, a reference solution), this builds a
grade practice repo of every exercise with both files, grades the
reference and the stub as two learners, runs pytest on the very same
files, and compares the verdicts test by test. Nothing of the suite is
copied into this repository: only this script."""

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys


# A pytest plugin writing each test's verdict in grade's words: an
# AssertionError (or pytest.fail, or a strict xfail that passed) in the
# test is fail; any other exception, or a failing fixture, is error.
PLUGIN = """
import json, os, pytest

verdicts = {}
RANK = {"pass": 0, "skipped": 1, "xfailed": 1, "fail": 2, "error": 3}


def verdict_of(call, report):
    if report.skipped:
        return "xfailed" if hasattr(report, "wasxfail") else "skipped"
    if report.passed:
        return "pass"
    if call.when != "call":
        return "error"
    error = call.excinfo.value if call.excinfo else None
    if error is None or isinstance(error, AssertionError):
        return "fail"
    failed = any(base.__name__ == "Failed" for base in type(error).__mro__)
    return "fail" if failed else "error"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    name = item.nodeid.split("::", 1)[1].split("[", 1)[0].replace("::", ".")
    verdict = verdict_of(call, report)
    if RANK[verdict] > RANK.get(verdicts.get(name), -1) or verdicts.get(name) == "pass":
        if not (verdict == "pass" and name in verdicts):
            verdicts[name] = verdict


def pytest_sessionfinish(session):
    with open(os.environ["GRADE_VERDICTS"], "w") as out:
        json.dump(verdicts, out)
"""


def pytest_verdicts(python, folder, test_file, work):
    """pytest's verdict per test, in grade's words."""
    out = work / "verdicts.json"
    env = dict(os.environ, PYTHONPATH=str(work), GRADE_VERDICTS=str(out))
    subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "grade_verdicts", "-p", "no:cacheprovider", test_file],
        cwd=folder, capture_output=True, text=True, env=env,
    )
    return json.loads(out.read_text())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("suite", type=pathlib.Path, help="checkout of exercism/python (or alike)")
    parser.add_argument("--grade", required=True)
    parser.add_argument("--pytest-python", required=True)
    parser.add_argument("--work", type=pathlib.Path, required=True)
    args = parser.parse_args()

    (args.work / "grade_verdicts.py").write_text(PLUGIN)
    practice = args.suite / "exercises" / "practice"
    repo = args.work / "repo"
    exercises = []
    for folder in sorted(practice.iterdir()):
        module = folder.name.replace("-", "_")
        test, example, stub = (folder / f"{module}_test.py", folder / ".meta" / "example.py", folder / f"{module}.py")
        if not (test.is_file() and example.is_file()):
            continue
        exercises.append(folder.name)
        for learner, source in (("reference", example), ("stub", stub)):
            target = repo / learner / "exercism" / folder.name
            target.mkdir(parents=True)
            if source.is_file():
                shutil.copy(source, target / f"{module}.py")
            for helper in folder.glob("*.py"):
                if helper.name != f"{module}.py":
                    shutil.copy(helper, target)
            (target / "exercise.toml").write_text(
                f'[exercise]\ntitle = "{folder.name}"\ntopic = "functions"\ndifficulty = 1\n'
                f'file = "{module}.py"\ntest_files = ["{module}_test.py"]\n'
            )
        solution = repo / "solutions" / "exercism" / folder.name
        solution.mkdir(parents=True)
        shutil.copy(example, solution / f"{module}.py")
    # The stub run needs a spec tree too: the reference tree is it.
    shutil.copytree(repo / "reference", repo / "exercises")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)

    cases = disagreements = 0
    print(f"{'exercise':<20} {'learner':<9} {'tests':>5}  agree")
    for learner in ("reference", "stub"):
        report = json.loads(subprocess.run(
            [args.grade, "exercises/exercism", "--format", "json", "--submission", learner],
            cwd=repo, capture_output=True, text=True,
        ).stdout)
        graded = {
            challenge["path"].rsplit("/", 1)[-1]: {case["name"]: case["status"] for case in challenge["cases"]}
            for challenge in report["submissions"][0]["challenges"]
        }
        for slug in exercises:
            module = slug.replace("-", "_")
            folder = repo / learner / "exercism" / slug
            if not (folder / f"{module}.py").is_file():
                continue
            expected = pytest_verdicts(args.pytest_python, folder, f"{module}_test.py", args.work)
            got = graded.get(slug, {})
            differ = sorted(name for name in expected.keys() | got.keys() if expected.get(name) != got.get(name))
            cases += len(expected)
            disagreements += len(differ)
            print(f"{slug:<20} {learner:<9} {len(expected):>5}  {'yes' if not differ else 'NO'}")
            for name in differ:
                print(f"    {name}: grade {got.get(name)}, pytest {expected.get(name)}")
    print(f"\n{len(exercises)} exercises, {cases} test runs, {disagreements} disagreements")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
