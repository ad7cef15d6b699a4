//! Every report format from one fixture run covering every status, hidden
//! cases and truncated output; classes and partitions.

use super::{copy_tree, fixture, grade_in, json};

#[test]
fn junit_report_snapshot() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "junit", "--output-cap", "300"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("hidden-expected-9f3a"));
    crate::assert_stable_snapshot!("basic_junit", run.stdout);
}

#[test]
fn github_report_snapshot() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "github", "--output-cap", "300"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("hidden-expected-9f3a"));
    crate::assert_stable_snapshot!("basic_github", run.stdout);
}

#[test]
fn csv_report_snapshot() {
    let run = grade_in(
        &fixture("basic"),
        &["--format", "csv", "--output-cap", "300"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!("basic_csv", run.stdout);
}

/// A class of two learners: one submits the reference files, one the stubs.
fn class_dir() -> tempfile::TempDir {
    let class = tempfile::tempdir().expect("tempdir");
    for (learner, source) in [("alice", "solutions"), ("bob", "exercises")] {
        copy_tree(&fixture("basic").join(source), &class.path().join(learner));
    }
    class
}

#[test]
fn class_grades_every_learner_one_row_each() {
    let class = class_dir();
    let class_arg = class.path().to_str().unwrap();
    let run = grade_in(
        &fixture("basic"),
        &[
            "exercises/verdicts/broken-syntax",
            "exercises/verdicts/custom-file",
            "--class",
            class_arg,
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "learner,verdicts/broken-syntax,verdicts/custom-file,total,max\nalice,2,2,4,4\nbob,0,2,2,4\n"
    );
    let report = json(&grade_in(
        &fixture("basic"),
        &[
            "exercises/verdicts/broken-syntax",
            "--class",
            class_arg,
            "--format",
            "json",
        ],
    ));
    let learners: Vec<_> = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["learner"].clone())
        .collect();
    assert_eq!(learners, ["alice", "bob"]);
}

#[test]
fn partitions_cover_the_class_exactly_once() {
    let class = class_dir();
    let class_arg = class.path().to_str().unwrap();
    let mut learners = Vec::new();
    for slice in ["1/2", "2/2"] {
        let report = json(&grade_in(
            &fixture("basic"),
            &[
                "exercises/verdicts/custom-file",
                "--class",
                class_arg,
                "--partition",
                slice,
                "--format",
                "json",
            ],
        ));
        for submission in report["submissions"].as_array().unwrap() {
            learners.push(submission["learner"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(learners, ["alice", "bob"]);
    let challenges: usize = ["1/3", "2/3", "3/3"]
        .iter()
        .map(|slice| {
            let report = json(&grade_in(
                &fixture("basic"),
                &[
                    "exercises/verdicts",
                    "--partition",
                    slice,
                    "--format",
                    "json",
                ],
            ));
            report["submissions"][0]["challenges"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .sum();
    assert_eq!(challenges, 5);
    let bad = grade_in(&fixture("basic"), &["--partition", "3/2"]);
    assert_eq!(bad.code, 2);
}

/// `--output FILE`: the --format report goes to the file, the human report
/// to stdout; a file that cannot be made is one clear error.
#[test]
fn output_writes_the_format_to_a_file_and_the_human_report_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("report.json");
    let run = grade_in(
        &fixture("basic"),
        &["--format", "json", "--output", report.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("Summary:"), "{}", run.stdout);
    let written = std::fs::read_to_string(&report).expect("the report file");
    let parsed: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    let whole = json(&grade_in(&fixture("basic"), &["--format", "json"]));
    assert_eq!(parsed["summary"]["passed"], whole["summary"]["passed"]);
    assert!(super::statuses(&parsed) == super::statuses(&whole));

    let missing = dir.path().join("no/such/folder/report.json");
    let run = grade_in(
        &fixture("basic"),
        &["--format", "json", "--output", missing.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no/such/folder/report.json"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// The progress bar is for terminals: a long run whose stderr is a pipe
/// (a CI log) writes nothing there.
#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let class = tempfile::tempdir().expect("tempdir");
    for learner in 0..8 {
        copy_tree(
            &fixture("basic").join("solutions"),
            &class.path().join(format!("learner-{learner}")),
        );
    }
    let run = grade_in(
        &fixture("basic"),
        &["--class", class.path().to_str().unwrap()],
    );
    assert!(run.stdout.contains("== learner-7"), "{}", run.stdout);
    assert_eq!(run.stderr, "");
}

/// In GitHub Actions, `--format github` also adds a Markdown table of the
/// run to the job summary file (appending: other steps write there too).
#[test]
fn github_format_writes_the_job_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(["--format", "github"])
        .current_dir(fixture("basic"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("grade runs");
    assert_eq!(output.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n### grade: "), "{text}");
    assert!(
        text.contains("| challenge | cases passed | points |"),
        "{text}"
    );
    assert!(
        text.contains("| ❌ checks/errors | 3/10 | 3/10 |"),
        "{text}"
    );
    assert!(
        text.contains("| ✅ verdicts/custom-file | 2/2 | 2/2 |"),
        "{text}"
    );
    // Without the variable, nothing but the annotations.
    let plain = grade_in(&fixture("basic"), &["--format", "github"]);
    assert!(!plain.stdout.contains("| challenge |"));
}
