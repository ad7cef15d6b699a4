//! A practice repo handed out without `solutions/`: cases that take their
//! expectation from the reference use the outcomes `grade freeze` wrote
//! beside the spec (never the reference's code), and a timed case that
//! cannot be judged says so as its own outcome.

use std::path::Path;

use super::{challenge_repo, grade_in, json, statuses, HEADER};

const SPEC_CASES: &str = "[[test]]\nname = \"from the reference\"\nexpr = \"total([1, 2, 3])\"\n\n\
[[test]]\nname = \"hidden from the reference\"\nexpr = \"total(range(10))\"\nhidden = true\n\n\
[[test]]\nname = \"timed\"\nexpr = \"total(range(20000))\"\nexpect = \"199990000\"\nmax_ratio = 50\n";

const REFERENCE: &str = "def total(xs):\n    return sum(xs)\n";

fn repo() -> tempfile::TempDir {
    let repo = challenge_repo("c", &format!("{HEADER}{SPEC_CASES}"), REFERENCE);
    let solutions = repo.path().join("solutions/c");
    std::fs::create_dir_all(&solutions).unwrap();
    std::fs::write(solutions.join("solution.py"), REFERENCE).unwrap();
    repo
}

fn status_of(
    repo: &Path,
) -> (
    i32,
    std::collections::BTreeMap<String, String>,
    serde_json::Value,
) {
    let run = grade_in(repo, &["--format", "json"]);
    let report = json(&run);
    (run.code, statuses(&report)["c"].clone(), report)
}

#[test]
fn frozen_outcomes_stand_in_for_an_absent_reference() {
    let repo = repo();
    let freeze = grade_in(repo.path(), &["freeze"]);
    assert_eq!(freeze.code, 0, "{}", freeze.stderr);
    let frozen = repo.path().join("exercises/c/reference-outcomes.json");
    assert!(
        freeze.stdout.contains("reference-outcomes.json"),
        "{}",
        freeze.stdout
    );
    let text = std::fs::read_to_string(&frozen).unwrap();
    assert!(
        !text.contains("sum(xs)"),
        "never the reference's code: {text}"
    );

    std::fs::remove_dir_all(repo.path().join("solutions")).unwrap();
    let (code, got, report) = status_of(repo.path());
    assert_eq!(code, 0, "{report}");
    assert_eq!(got["from the reference"], "pass");
    assert_eq!(got["hidden from the reference"], "pass");
    assert_eq!(got["timed"], "skipped");
    assert_eq!(report["summary"]["skipped"], 1);
    let human = grade_in(repo.path(), &[]);
    assert!(
        human.stdout.contains("timed  correct, but not timed: the reference solution its time budget comes from is not in this repo"),
        "{}",
        human.stdout
    );

    // A wrong learner fails against the frozen outcomes.
    std::fs::write(
        repo.path().join("exercises/c/solution.py"),
        "def total(xs):\n    return 0\n",
    )
    .unwrap();
    let (code, got, _) = status_of(repo.path());
    assert_eq!(code, 1);
    assert_eq!(got["from the reference"], "fail");
    assert_eq!(got["hidden from the reference"], "fail");
    assert_eq!(got["timed"], "fail");

    // An outcome frozen for other code is stale: the case is not judged.
    let spec = repo.path().join("exercises/c/exercise.toml");
    let changed = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("total([1, 2, 3])", "total([1, 2])");
    std::fs::write(&spec, changed).unwrap();
    std::fs::write(repo.path().join("exercises/c/solution.py"), REFERENCE).unwrap();
    let (code, got, report) = status_of(repo.path());
    assert_eq!(code, 0);
    assert_eq!(got["from the reference"], "skipped", "{report}");
    let message = report["submissions"][0]["challenges"][0]["cases"][0]["message"]
        .as_str()
        .unwrap();
    assert!(
        message.contains("ships no frozen outcome for this case (`grade freeze`)"),
        "{message}"
    );

    // A broken frozen file is one clear error naming it.
    std::fs::write(&frozen, "{\"version\": 1, \"cases\": [}").unwrap();
    let broken = grade_in(repo.path(), &[]);
    assert_eq!(broken.code, 2);
    assert!(
        broken.stderr.contains("reference-outcomes.json:1:")
            && broken.stderr.contains("run it again"),
        "{}",
        broken.stderr
    );
    // Freezing needs the reference.
    let freeze = grade_in(repo.path(), &["freeze"]);
    assert_eq!(freeze.code, 2);
    assert!(
        freeze
            .stderr
            .contains("does not exist (use --solutions DIR)"),
        "{}",
        freeze.stderr
    );
}

/// `grade check` holds shipped frozen outcomes to the reference: a case
/// changed since `grade freeze` is a problem until it runs again.
#[test]
fn grade_check_finds_stale_frozen_outcomes() {
    let repo = repo();
    // The stub must fail for the challenge to be sound.
    std::fs::write(
        repo.path().join("exercises/c/solution.py"),
        "def total(xs):\n    raise NotImplementedError\n",
    )
    .unwrap();
    assert_eq!(grade_in(repo.path(), &["freeze"]).code, 0);
    let check = grade_in(repo.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let spec = repo.path().join("exercises/c/exercise.toml");
    let changed = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("total(range(10))", "total(range(11))");
    std::fs::write(&spec, changed).unwrap();
    let check = grade_in(repo.path(), &["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "reference-outcomes.json is stale for `hidden from the reference` (the case or the reference changed): run `grade freeze`"
        ),
        "{}",
        check.stdout
    );
}

/// The shipped course, handed out without `solutions/`: every case is
/// judged (its frozen outcomes are current), only timed cases are skipped,
/// and the run is the learners' to fail, never an error.
#[test]
fn the_course_grades_without_its_solutions() {
    let repo = tempfile::tempdir().unwrap();
    super::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises"),
        &repo.path().join("exercises"),
    );
    let run = grade_in(repo.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run);
    for challenge in report["submissions"][0]["challenges"].as_array().unwrap() {
        for case in challenge["cases"].as_array().unwrap() {
            if case["status"] == "skipped" {
                assert!(
                    case["message"].as_str().unwrap().contains("not timed"),
                    "{}: {case}",
                    challenge["path"]
                );
            }
        }
    }
}
