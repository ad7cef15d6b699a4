//! The command line: PATH forms, options, usage errors.

use super::{fixture, grade_in, json, statuses};

#[test]
fn every_path_form_selects_the_same_challenge() {
    let root = fixture("basic");
    let forms = [
        vec!["exercises/verdicts/custom-file"],
        vec!["exercises/verdicts/custom-file/shop.py"],
        vec!["exercises/verdicts/custom-file/exercise.toml"],
    ];
    for form in forms {
        let mut args = form.clone();
        args.extend(["--format", "json"]);
        let run = grade_in(&root, &args);
        assert_eq!(run.code, 0, "{form:?}: {}", run.stderr);
        let found = statuses(&json(&run));
        assert_eq!(
            found.keys().collect::<Vec<_>>(),
            ["verdicts/custom-file"],
            "{form:?}"
        );
    }
    let week = grade_in(&root, &["exercises/verdicts", "--format", "json"]);
    let everything = grade_in(&root, &["--format", "json", "--output-cap", "100"]);
    let repo_root = grade_in(
        &root.join("exercises/.."),
        &[".", "--format", "json", "--output-cap", "100"],
    );
    let week = statuses(&json(&week));
    assert!(week.keys().all(|k| k.starts_with("verdicts/")));
    assert_eq!(week.len(), 5);
    assert_eq!(statuses(&json(&everything)), statuses(&json(&repo_root)));
    assert_eq!(statuses(&json(&everything)).len(), 7);
}

#[test]
fn submission_tree_replaces_the_learner_files() {
    let root = fixture("basic");
    let run = grade_in(
        &root,
        &[
            "exercises/verdicts/broken-syntax",
            "--submission",
            "solutions",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plain = grade_in(
        &root,
        &["exercises/verdicts/broken-syntax", "--format", "json"],
    );
    assert_eq!(plain.code, 1);
}

#[test]
fn one_worker_gives_the_same_verdicts() {
    let root = fixture("basic");
    let one = grade_in(
        &root,
        &["-j", "1", "--format", "json", "--output-cap", "100"],
    );
    let many = grade_in(
        &root,
        &["-j", "4", "--format", "json", "--output-cap", "100"],
    );
    assert_eq!(statuses(&json(&one)), statuses(&json(&many)));
}

#[test]
fn usage_errors_exit_2_with_one_message() {
    let root = fixture("basic");
    for args in [
        vec!["--no-such-flag"],
        vec!["does/not/exist"],
        vec!["-j", "0"],
        vec!["--format", "yaml"],
        vec!["--submission", "nowhere"],
    ] {
        let run = grade_in(&root, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn passing_run_exits_0() {
    let run = grade_in(&fixture("basic"), &["exercises/verdicts/custom-file"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Summary: 2 passed, 0 failed"),
        "{}",
        run.stdout
    );
}
