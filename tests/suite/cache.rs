//! `--cache DIR`: a second run reuses every unchanged (learner, challenge)
//! report and regrades what changed: learner file, spec, reference.

use std::path::Path;

use super::{challenge_repo, grade_in, json, Run, HEADER};

/// `stamp()` returns the time, so a report that shows the same value twice
/// was not run twice.
const LEARNER: &str =
    "import time\ndef stamp():\n    return time.time_ns()\ndef double(x):\n    return x * 2\n";

fn spec(stamp: u32) -> String {
    format!(
        "{HEADER}[[test]]\nname = \"stamp\"\nexpr = \"stamp()\"\nexpect = \"{stamp}\"\n\n\
         [[test]]\nname = \"double\"\nexpr = \"double(4)\"\n"
    )
}

fn run(repo: &Path, cache: &Path) -> Run {
    let run = grade_in(
        repo,
        &["--format", "json", "--cache", cache.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    run
}

fn reused(run: &Run) -> &str {
    run.stderr
        .lines()
        .find_map(|line| line.strip_prefix("cache: "))
        .and_then(|line| line.split(" challenge").next())
        .unwrap_or_else(|| panic!("no cache line: {}", run.stderr))
}

/// (stamp's actual value, double's status).
fn outcome(run: &Run) -> (String, String) {
    let report = json(run);
    let cases = &report["submissions"][0]["challenges"][0]["cases"];
    (
        cases[0]["actual"].as_str().unwrap().to_owned(),
        cases[1]["status"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn unchanged_reports_are_reused_and_changes_regraded() {
    let repo = challenge_repo("c", &spec(0), LEARNER);
    let reference = repo.path().join("solutions/c/solution.py");
    std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
    std::fs::write(
        &reference,
        "def stamp():\n    return 0\ndef double(x):\n    return 2 * x\n",
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().join("reports");

    let first = run(repo.path(), &cache);
    assert_eq!(reused(&first), "0 of 1");
    let (stamp, double) = outcome(&first);
    assert_eq!(double, "pass");

    let second = run(repo.path(), &cache);
    assert_eq!(reused(&second), "1 of 1");
    assert_eq!(outcome(&second), (stamp.clone(), double), "not run again");

    // The reference changes: double's expectation with it.
    std::fs::write(
        &reference,
        "def stamp():\n    return 0\ndef double(x):\n    return 2 * x + 1\n",
    )
    .unwrap();
    let third = run(repo.path(), &cache);
    assert_eq!(reused(&third), "0 of 1");
    let (third_stamp, double) = outcome(&third);
    assert_eq!(double, "fail");
    assert_ne!(third_stamp, stamp, "run again");

    // The spec changes.
    let spec_file = repo.path().join("exercises/c/exercise.toml");
    std::fs::write(&spec_file, spec(1)).unwrap();
    assert_eq!(reused(&run(repo.path(), &cache)), "0 of 1");
    assert_eq!(reused(&run(repo.path(), &cache)), "1 of 1");

    // The learner file changes.
    let learner = repo.path().join("exercises/c/solution.py");
    std::fs::write(&learner, LEARNER.replace("x * 2", "2 * x + 1")).unwrap();
    let changed = run(repo.path(), &cache);
    assert_eq!(reused(&changed), "0 of 1");
    assert_eq!(outcome(&changed).1, "pass");

    // Without --cache nothing is read or said.
    let plain = grade_in(repo.path(), &["--format", "json"]);
    assert!(!plain.stderr.contains("cache:"), "{}", plain.stderr);
}

#[test]
fn a_cache_that_cannot_be_made_is_one_clear_error() {
    let repo = challenge_repo("c", &spec(0), LEARNER);
    let file = repo.path().join("not-a-folder");
    std::fs::write(&file, "").unwrap();
    let run = grade_in(repo.path(), &["--cache", file.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("not-a-folder"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}
