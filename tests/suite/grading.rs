//! Grading the `basic` fixture: every check key and every verdict.

use super::{fixture, grade_in, json, stable, statuses};

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
    insta::assert_snapshot!("basic_json", stable(&run.stdout));
}

#[test]
fn human_report_snapshot() {
    let run = grade_in(&fixture("basic"), &["--output-cap", "2000"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("basic_human", stable(&run.stdout));
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
                for key in ["expected", "actual", "diff", "detail"] {
                    assert!(
                        case.get(key).is_none(),
                        "hidden case {} shows {key}",
                        case["name"]
                    );
                }
                assert_eq!(case["stdout"], "");
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
    let repo = tempfile::tempdir().unwrap();
    let challenge = repo.path().join("exercises/week1/todo");
    std::fs::create_dir_all(&challenge).unwrap();
    std::fs::write(
        challenge.join("exercise.toml"),
        "[exercise]\ntitle = \"t\"\ntopic = \"functions\"\ndifficulty = 1\n\n\
         [[test]]\nname = \"value\"\nexpr = \"f()\"\nexpect = \"1\"\n\n\
         [[test]]\nname = \"raises\"\nexpr = \"f(-1)\"\nraises = \"ValueError\"\n\n\
         [[test]]\nname = \"hidden\"\nexpr = \"f()\"\nexpect = \"1\"\nhidden = true\n",
    )
    .unwrap();
    std::fs::write(
        challenge.join("solution.py"),
        "def f(x=0):\n    raise NotImplementedError\n",
    )
    .unwrap();
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
