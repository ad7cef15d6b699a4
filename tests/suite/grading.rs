//! Grading the `basic` fixture: every check key and every verdict.

use super::{challenge_repo, fixture, grade_in, json, statuses, HEADER};

fn expected_statuses(
) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(fixture("basic/expected.toml")).expect("expected.toml");
    toml::from_str(&text).expect("expected.toml parses")
}

#[test]
fn every_case_gets_its_expected_verdict() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "json", "--output-cap", "2000"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(statuses(&report), expected_statuses());
    let summary = &report["summary"];
    let cases: usize = expected_statuses().values().map(|c| c.len()).sum();
    assert_eq!(
        summary["passed"].as_u64().unwrap() + summary["failed"].as_u64().unwrap(),
        cases as u64
    );
}

#[test]
fn json_report_snapshot() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "json", "--output-cap", "2000"],
    );
    crate::assert_stable_snapshot!("basic_json", run.stdout);
}

#[test]
fn human_report_snapshot() {
    let run = grade_in(&fixture("basic"), &["--output-cap", "2000"]);
    assert_eq!(run.code, 1);
    crate::assert_stable_snapshot!("basic_human", run.stdout);
}

#[test]
fn hidden_cases_reveal_nothing_unless_asked() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "json", "--output-cap", "2000"],
    );
    assert!(
        !run.stdout.contains("hidden-expected-9f3a"),
        "a hidden expected value leaked"
    );
    let report = json(&run);
    for challenge in report["submissions"][0]["challenges"].as_array().unwrap() {
        for case in challenge["cases"].as_array().unwrap() {
            if case["hidden"].as_bool().unwrap() {
                // SPEC §6: omitted, never filled with an empty value.
                for key in [
                    "expected",
                    "actual",
                    "diff",
                    "detail",
                    "stdout",
                    "stdout_truncated",
                    "duration_ms",
                ] {
                    assert!(
                        case.get(key).is_none(),
                        "hidden case {} shows {key}",
                        case["name"]
                    );
                }
            }
        }
    }
    let human = grade_in(&fixture("basic"), &["--output-cap", "2000"]);
    assert!(!human.stdout.contains("hidden-expected-9f3a"));
    let revealed = grade_in(
        &fixture("basic"),
        &["--format", "json", "--reveal", "--output-cap", "2000"],
    );
    assert!(
        revealed.stdout.contains("hidden-expected-9f3a"),
        "--reveal shows hidden values"
    );
}

#[test]
fn snooping_learner_finds_no_expected_value() {
    let run = grade_in(
        &fixture("basic"),
        &[
            "exercises/verdicts/cheating",
            "--format",
            "json",
            "--reveal",
        ],
    );
    let report = json(&run);
    let cases = report["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap();
    let snoop = cases
        .iter()
        .find(|c| c["name"] == "snooping finds no expected value")
        .unwrap();
    assert_eq!(snoop["status"], "fail");
    assert_eq!(snoop["actual"], "'nothing found'");
}

#[test]
fn always_equal_objects_do_not_pass() {
    let run = grade_in(
        &fixture("basic"),
        &["exercises/verdicts/cheating", "--format", "json"],
    );
    let cases = &json(&run)["submissions"][0]["challenges"][0]["cases"];
    assert_eq!(cases[0]["status"], "fail");
    assert_eq!(cases[1]["status"], "fail");
}

#[test]
fn a_module_that_hangs_at_import_costs_one_timeout() {
    let started = std::time::Instant::now();
    let run = grade_in(
        &fixture("basic"),
        &["exercises/verdicts/import-hang", "--format", "json"],
    );
    let report = json(&run);
    let cases = report["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap();
    assert!(cases.iter().all(|c| c["status"] == "timeout"));
    assert!(cases[1]["message"].as_str().unwrap().contains("not run"));
    // Three cases of 300 ms each would take 900 ms if each were tried.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn output_is_capped_and_marked() {
    let run = grade_in(
        &fixture("basic"),
        &[
            "exercises/checks/values",
            "--format",
            "json",
            "--output-cap",
            "500",
        ],
    );
    let report = json(&run);
    let cases = report["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap();
    let flood = cases
        .iter()
        .find(|c| c["name"] == "output is capped")
        .unwrap();
    assert_eq!(flood["stdout_truncated"], true);
    assert_eq!(flood["stdout"].as_str().unwrap().len(), 500);
}

#[test]
fn points_add_up() {
    let run = grade_in(
        &fixture("basic"),
        &["exercises/checks/values", "--format", "json"],
    );
    let report = json(&run);
    let challenge = &report["submissions"][0]["challenges"][0];
    let points: u64 = challenge["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_u64().unwrap())
        .sum();
    assert_eq!(challenge["points"].as_u64().unwrap(), points);
    assert_eq!(report["summary"]["points"], challenge["points"]);
    // 20 cases, one worth 3 points.
    assert_eq!(challenge["max_points"], 22);
}

#[test]
fn an_untouched_stub_is_one_line() {
    let repo = challenge_repo(
        "week1/todo",
        &format!(
            "{HEADER}[[test]]\nname = \"value\"\nexpr = \"f()\"\nexpect = \"1\"\n\n\
             [[test]]\nname = \"raises\"\nexpr = \"f(-1)\"\nraises = \"ValueError\"\n\n\
             [[test]]\nname = \"hidden\"\nexpr = \"f()\"\nexpect = \"1\"\nhidden = true\n"
        ),
        "def f(x=0):\n    raise NotImplementedError\n",
    );
    let challenge = repo.path().join("exercises/week1/todo");
    let human = grade_in(repo.path(), &[]);
    assert_eq!(human.code, 1);
    assert!(
        human
            .stdout
            .contains("not started: all 3 cases raise NotImplementedError"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("Traceback"), "{}", human.stdout);
    let report = json(&grade_in(repo.path(), &["--format", "json"]));
    let cases = &report["submissions"][0]["challenges"][0]["cases"];
    assert_eq!(
        cases[0]["message"],
        "not implemented yet (NotImplementedError)"
    );
    assert!(cases[0].get("detail").is_none());
    // Once one function works, the cases show one by one again.
    std::fs::write(
        challenge.join("solution.py"),
        "def f(x=0):\n    if x < 0:\n        raise NotImplementedError\n    return 1\n",
    )
    .unwrap();
    let partial = grade_in(repo.path(), &[]);
    assert!(
        !partial.stdout.contains("not started"),
        "{}",
        partial.stdout
    );
    assert!(partial.stdout.contains("✓ value"), "{}", partial.stdout);
}

/// Hidden cases never run in a process that ran visible ones: a learner
/// thread started in a visible case, scanning the process's objects and
/// its scratch folder for the hidden cases' code, never finds it, neither
/// while a visible report can still carry it nor afterwards (the hidden
/// cases run in a child of their own, once every visible case is done).
/// Taking the file names a job file could get changes nothing.
#[test]
fn hidden_case_code_never_reaches_a_child_that_ran_visible_cases() {
    for take_names in [false, true] {
        let found = probe_hidden_code(take_names);
        assert!(found.iter().all(|&(_, found)| !found), "{found:?}");
    }
}

/// Grades the probe (with `take_names`: it also creates every file name
/// the hidden job could get) and returns (hidden, found the code) per case
/// of the revealed report, after checking that the learner's report shows
/// nothing and every case passes.
fn probe_hidden_code(take_names: bool) -> Vec<(bool, bool)> {
    let mut spec = String::from(HEADER);
    spec += &format!(
        "[[test]]\nname = \"starts the probe\"\nexpr = \"start({})\"\nexpect = \"True\"\n\n",
        if take_names { "True" } else { "False" }
    );
    for i in 0..5 {
        spec += &format!(
            "[[test]]\nname = \"visible {i}\"\nexpr = \"wait_a_little()\"\nexpect = \"True\"\n\n"
        );
    }
    for i in 0..3 {
        spec += &format!(
            "[[test]]\nname = \"hidden {i}\"\nexpr = \"wait_a_little('secret-code-7c1e')\"\n\
             expect = \"True\"\nhidden = true\n\n"
        );
    }
    let repo = challenge_repo(
        "week1/probe",
        &spec,
        r#"import gc, os, threading, time

MARK = "secret-" + "code-7c1e"

def holds_mark(obj):
    if isinstance(obj, dict):
        obj = list(obj.keys()) + list(obj.values())
    if isinstance(obj, (list, tuple)):
        # The case's code holds the mark; MARK itself does not count.
        return any(isinstance(item, str) and MARK in item and item != MARK for item in obj)
    return False

def probe():
    while True:
        found = any(holds_mark(obj) for obj in gc.get_objects())
        for name in os.listdir("."):
            try:
                with open(name, errors="replace") as f:
                    found = found or "(" + repr(MARK) in f.read()
            except OSError:
                pass
        if found:
            print("FOUND", MARK.upper(), flush=True)
        time.sleep(0.002)

def start(take_names):
    threading.Thread(target=probe, daemon=True).start()
    if take_names:
        for i in range(64):
            open(f"job-{i}.bin", "w").close()
    return True

def wait_a_little(_=None):
    time.sleep(0.02)
    return True
"#,
    );

    // One worker: a free one would take the hidden cases to a child of
    // their own at once.
    let run = grade_in(repo.path(), &["--format", "json", "-j", "1"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("SECRET-CODE-7C1E"), "{}", run.stdout);
    assert_eq!(json(&run)["summary"]["passed"], 9);

    let revealed = json(&grade_in(
        repo.path(),
        &["--format", "json", "--reveal", "-j", "1"],
    ));
    let cases = revealed["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            let hidden = case["hidden"].as_bool().unwrap();
            let found = case["stdout"]
                .as_str()
                .unwrap()
                .contains("SECRET-CODE-7C1E");
            assert!(!found || hidden, "a visible case saw hidden code: {case}");
            (hidden, found)
        })
        .collect();
    cases
}

/// Case name -> (status, message) of the one challenge in a report.
fn verdicts(run: &super::Run) -> Vec<(String, String, String)> {
    json(run)["submissions"][0]["challenges"][0]["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            (
                case["name"].as_str().unwrap().to_owned(),
                case["status"].as_str().unwrap().to_owned(),
                case["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// An attempt's hidden cases run after its visible ones in the same child
/// (one worker) or in a child of their own (two): either way a crash or a
/// timeout costs its own case only.
#[test]
fn a_crash_or_a_timeout_costs_one_case_with_hidden_cases_chained() {
    // The table's keys go before the first [[test]].
    let mut spec = format!("{HEADER}timeout_ms = 400\n");
    for (name, expr, hidden) in [
        ("visible first", "ok()", false),
        ("visible crash", "crash()", false),
        ("visible last", "ok()", false),
        ("hidden first", "ok()", true),
        ("hidden hang", "hang()", true),
        ("hidden last", "ok()", true),
    ] {
        spec += &format!(
            "\n[[test]]\nname = \"{name}\"\nexpr = \"{expr}\"\nexpect = \"1\"\nhidden = {hidden}\n"
        );
    }
    let repo = challenge_repo(
        "week1/chained",
        &spec,
        "import os, time\n\ndef ok():\n    return 1\n\n\
         def crash():\n    os._exit(7)\n\ndef hang():\n    time.sleep(30)\n",
    );
    for jobs in ["1", "2"] {
        let run = grade_in(repo.path(), &["--format", "json", "--reveal", "-j", jobs]);
        let statuses: Vec<(String, String)> = verdicts(&run)
            .into_iter()
            .map(|(name, status, _)| (name, status))
            .collect();
        let expected = [
            ("visible first", "pass"),
            ("visible crash", "crash"),
            ("visible last", "pass"),
            ("hidden first", "pass"),
            ("hidden hang", "timeout"),
            ("hidden last", "pass"),
        ]
        .map(|(name, status)| (name.to_owned(), status.to_owned()));
        assert_eq!(statuses, expected, "-j {jobs}");
    }
}

/// A module that never finishes loading times out in its first visible
/// case; the other cases, hidden ones included, are reported as not run
/// rather than each waiting for a timeout of its own.
#[test]
fn hidden_cases_of_a_module_that_never_loads_are_not_run() {
    let mut spec = format!("{HEADER}timeout_ms = 300\n");
    for (name, hidden) in [("v1", false), ("v2", false), ("h1", true), ("h2", true)] {
        spec += &format!(
            "\n[[test]]\nname = \"{name}\"\nexpr = \"f()\"\nexpect = \"1\"\nhidden = {hidden}\n"
        );
    }
    let repo = challenge_repo(
        "week1/chained",
        &spec,
        "import time\ntime.sleep(30)\n\ndef f():\n    return 1\n",
    );
    let run = grade_in(repo.path(), &["--format", "json", "--reveal", "-j", "1"]);
    let verdicts = verdicts(&run);
    assert!(
        verdicts.iter().all(|(_, status, _)| status == "timeout"),
        "{verdicts:?}"
    );
    assert!(!verdicts[0].2.contains("not run"), "{verdicts:?}");
    for (name, _, message) in &verdicts[1..] {
        assert!(message.contains("not run"), "{name}: {message}");
    }
}

/// In a class, a learner's challenges run in one child (a child costs far
/// more than a case), yet each challenge sees only its own: its modules,
/// its working folder; and a crash in one costs the others nothing.
#[test]
fn a_learner_s_challenges_share_a_child_and_nothing_else() {
    let case = |name: &str, expr: &str, expect: &str| {
        format!("\n[[test]]\nname = \"{name}\"\nexpr = \"{expr}\"\nexpect = \"{expect}\"\n")
    };
    let spec_a = format!(
        "[exercise]\ntitle = \"a\"\ntopic = \"functions\"\ndifficulty = 1\nextra_files = [\"helpers.py\"]\n{}",
        case("remembers", "remember()", "True"),
    );
    let spec_b = format!(
        "{HEADER}{}{}{}{}{}",
        case("same child", "same_child()", "True"),
        case("own folder", "sees_the_file()", "False"),
        case("own modules", "finds_helpers()", "False"),
        case("own main module", "__import__('solution').NAME", "'b'"),
        case("crashes", "crash()", "1"),
    );
    let solution_a = "import os\nimport helpers\n\nNAME = 'a'\n\n\
        def remember():\n    with open(os.path.join(os.environ['HOME'], 'pid'), 'w') as f:\n        f.write(str(os.getpid()))\n    open('state.txt', 'w').close()\n    return helpers.ok()\n";
    let solution_b = "import os\n\nNAME = 'b'\n\n\
        def same_child():\n    with open(os.path.join(os.environ['HOME'], 'pid')) as f:\n        return f.read() == str(os.getpid())\n\n\
        def sees_the_file():\n    return os.path.exists('state.txt')\n\n\
        def finds_helpers():\n    try:\n        import helpers\n        return True\n    except ImportError:\n        return False\n\n\
        def crash():\n    os._exit(3)\n";
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("exercises/w/a/exercise.toml", &spec_a);
    write("exercises/w/b/exercise.toml", &spec_b);
    for learner in ["l1", "l2", "l3", "l4"] {
        write(&format!("class/{learner}/w/a/solution.py"), solution_a);
        write(
            &format!("class/{learner}/w/a/helpers.py"),
            "def ok():\n    return True\n",
        );
        write(&format!("class/{learner}/w/b/solution.py"), solution_b);
    }
    // Four learners for one slot: each learner's tree is one job.
    let run = grade_in(
        dir.path(),
        &["--class", "class", "--format", "json", "-j", "1"],
    );
    let report = json(&run);
    let submissions = report["submissions"].as_array().unwrap();
    assert_eq!(submissions.len(), 4, "{}", run.stderr);
    for submission in submissions {
        let statuses: Vec<&str> = submission["challenges"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|challenge| challenge["cases"].as_array().unwrap())
            .map(|case| case["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            ["pass", "pass", "pass", "pass", "pass", "crash"],
            "{submission}"
        );
    }
}

/// Failures that teach: a generator where a list was expected is named,
/// dict and set differences are spelled out by key and member, and a long
/// sequence's diff shows where it differs, not its first lines.
#[test]
fn value_failures_say_where_the_values_differ() {
    let spec = format!(
        "{}[[test]]\nname = \"gen\"\nexpr = \"words('a b')\"\nexpect = \"['a', 'b']\"\n\n\
[[test]]\nname = \"dict\"\nexpr = \"{{'a': 1, 'b': 2, 'c': 3}}\"\nexpect = \"{{'a': 1, 'b': 3, 'd': 4}}\"\n\n\
[[test]]\nname = \"set\"\nexpr = \"{{1, 2, 3}}\"\nexpect = \"{{1, 2, 4}}\"\n\n\
[[test]]\nname = \"long\"\nexpr = \"list(range(60))\"\nexpect = \"{:?}\"\n",
        HEADER,
        (0..59).chain([99]).collect::<Vec<u32>>()
    );
    let repo = challenge_repo(
        "c",
        &spec,
        "def words(text):\n    return (w for w in text.split())\n",
    );
    let run = grade_in(repo.path(), &[]);
    for shown in [
        "✗ gen  fail: value differs: expected a list, got a generator (lazy:",
        "missing keys: 'd'",
        "unexpected keys: 'c'",
        "under 'b': expected 3, got 2",
        "missing: 4",
        "unexpected: 3",
        "- 99]",
        "+ 59]",
        "first difference at index 59: expected 99, got 59",
    ] {
        assert!(run.stdout.contains(shown), "{shown}\n{}", run.stdout);
    }
}

/// The code dataclasses and namedtuple generate is compiled once per child
/// and reused (a speed-up): classes made from different texts must still
/// get their own methods, in one child, case after case.
#[test]
fn generated_dataclass_and_namedtuple_methods_are_the_classes_own() {
    let mut spec = String::from(HEADER);
    for (name, expr, expect) in [
        ("two fields", "point(1, 2)", "'P(x=1, y=2)'"),
        ("three fields", "point3(1, 2, 3)", "'P(x=1, y=2, z=3)'"),
        (
            "defaults",
            "repr(Item('a'))",
            "\"Item(name='a', qty=1, tags=[])\"",
        ),
        ("own list", "Item('a').tags is not Item('b').tags", "True"),
        ("order", "Item('a', 2) < Item('a', 3)", "True"),
        ("frozen", "frozen()", "'FrozenInstanceError'"),
        ("tuples", "tuples()", "('T(a=1, b=2)', 'T(b=1, a=2)')"),
        ("fresh module", "(Item('a'), len(MADE))[1]", "1"),
    ] {
        spec.push_str(&format!(
            "\n[[test]]\nname = \"{name}\"\nexpr = \"{}\"\nexpect = \"{}\"\n",
            expr.replace('"', "\\\""),
            expect.replace('"', "\\\"")
        ));
    }
    let solution = "import dataclasses\nfrom collections import namedtuple\n\
        from dataclasses import dataclass, field, make_dataclass\n\n\
        @dataclass(order=True)\nclass Item:\n    name: str\n    qty: int = 1\n    tags: list = field(default_factory=list, compare=False)\n\n    def __post_init__(self):\n        MADE.append(self)\n\nMADE = []\n\n\
        def point(x, y):\n    return repr(make_dataclass('P', ['x', 'y'])(x, y))\n\n\
        def point3(x, y, z):\n    return repr(make_dataclass('P', ['x', 'y', 'z'])(x, y, z))\n\n\
        def frozen():\n    F = make_dataclass('F', ['v'], frozen=True)\n    try:\n        F(1).v = 2\n    except Exception as e:\n        return type(e).__name__\n\n\
        def tuples():\n    return (repr(namedtuple('T', 'a b')(1, 2)), repr(namedtuple('T', 'b a')(1, 2)))\n";
    let repo = challenge_repo("w/c", &spec, solution);
    let run = grade_in(repo.path(), &["--format", "json", "exercises"]);
    let report = json(&run);
    let cases = &statuses(&report)["w/c"];
    assert!(
        cases.values().all(|status| status == "pass"),
        "{cases:?}\n{}",
        run.stdout
    );
    assert_eq!(cases.len(), 8);
}
