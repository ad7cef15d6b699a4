//! `grade merge`: the JSON reports of a partitioned run joined into the
//! report the whole run writes, in every format, up to durations.

use std::path::Path;

use super::{copy_tree, fixture, grade_in, Run};

const FORMATS: [&str; 8] = [
    "human",
    "json",
    "junit",
    "github",
    "csv",
    "gradescope",
    "exercism",
    "html",
];
/// The formats of one submission's results.json, which refuse a class.
const ONE_SUBMISSION: [&str; 2] = ["gradescope", "exercism"];
/// Challenges of every kind of verdict, quick to run.
const CHALLENGES: [&str; 3] = [
    "exercises/checks",
    "exercises/verdicts/broken-syntax",
    "exercises/verdicts/custom-file",
];

/// Five learners: the reference, the stubs, and three mixes of the two.
fn class() -> tempfile::TempDir {
    let class = tempfile::tempdir().expect("tempdir");
    let basic = fixture("basic");
    for (learner, source) in [("ada", "solutions"), ("bo", "exercises")] {
        copy_tree(&basic.join(source), &class.path().join(learner));
    }
    for (learner, from_reference) in [("cy", "checks"), ("di", "verdicts"), ("ed", "checks")] {
        let root = class.path().join(learner);
        copy_tree(&basic.join("exercises"), &root);
        copy_tree(
            &basic.join("solutions").join(from_reference),
            &root.join(from_reference),
        );
    }
    class
}

/// What differs between two runs of the same cases: their times.
fn without_times(text: &str) -> String {
    let patterns = [
        (r"\d+(\.\d+)? ms", "[ms]"),
        (r#""duration_ms": [0-9.e-]+"#, r#""duration_ms": "[ms]""#),
        (r#"time="[0-9.]+""#, r#"time="[t]""#),
        (
            r#""execution_time": [0-9.e-]+"#,
            r#""execution_time": "[s]""#,
        ),
    ];
    patterns
        .iter()
        .fold(text.to_owned(), |text, (pattern, with)| {
            regex::Regex::new(pattern)
                .unwrap()
                .replace_all(&text, *with)
                .into_owned()
        })
}

fn run(args: &[&str]) -> Run {
    let run = grade_in(&fixture("basic"), args);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    run
}

/// Grades `who` whole in every format, then in 1, 2 and 5 slices, and
/// checks the merged slices against the whole run in every format.
fn merged_slices_equal_the_whole_run(who: &[&str]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let with = |extra: &[&str]| -> Vec<String> {
        CHALLENGES
            .iter()
            .chain(who)
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    let mut sliced = Vec::new();
    for slices in [1, 2, 5] {
        let mut parts = Vec::new();
        for slice in (1..=slices).rev() {
            let part = dir.path().join(format!("{slice}-of-{slices}.json"));
            let partition = format!("{slice}/{slices}");
            let output = part.to_str().unwrap();
            let args = with(&[
                "--partition",
                &partition,
                "--format",
                "json",
                "--output",
                output,
            ]);
            run(&args.iter().map(String::as_str).collect::<Vec<_>>());
            parts.push(output.to_owned());
        }
        sliced.push((slices, parts));
    }
    let class = who.contains(&"--class");
    for format in FORMATS {
        let args = with(&["--format", format]);
        if class && ONE_SUBMISSION.contains(&format) {
            // Refused whole and merged alike (tests/suite/platforms.rs).
            let whole = grade_in(
                &fixture("basic"),
                &args.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            assert_eq!(whole.code, 2, "{format}: {}", whole.stdout);
            for (_, parts) in &sliced {
                let mut args = vec!["merge", "--format", format];
                args.extend(parts.iter().map(String::as_str));
                let merged = grade_in(&fixture("basic"), &args);
                assert_eq!((merged.code, &merged.stderr), (2, &whole.stderr));
            }
            continue;
        }
        let whole = run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        for (slices, parts) in &sliced {
            let mut args = vec!["merge", "--format", format];
            args.extend(parts.iter().map(String::as_str));
            let merged = run(&args);
            assert_eq!(merged.code, whole.code, "{format} in {slices}");
            assert_eq!(
                without_times(&merged.stdout),
                without_times(&whole.stdout),
                "{format}, {slices} slices of {who:?}"
            );
        }
    }
}

#[test]
fn merged_slices_of_a_class_are_the_whole_class() {
    let class = class();
    merged_slices_equal_the_whole_run(&["--class", class.path().to_str().unwrap()]);
}

#[test]
fn merged_slices_of_one_submission_are_the_whole_submission() {
    merged_slices_equal_the_whole_run(&[]);
}

fn part(dir: &Path, name: &str, args: &[&str]) -> String {
    let path = dir.join(name);
    let mut all = vec!["exercises/checks", "--format", "json", "--output"];
    all.push(path.to_str().unwrap());
    all.extend(args);
    run(&all);
    path.to_str().unwrap().to_owned()
}

#[test]
fn parts_that_do_not_make_a_whole_are_one_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = part(dir.path(), "one.json", &["--partition", "1/2"]);
    let other = part(dir.path(), "other.json", &["--partition", "1/3"]);
    let whole = part(dir.path(), "whole.json", &[]);
    let not_json = dir.path().join("notes.json");
    std::fs::write(&not_json, "{\"version\": 1,\n \"summary\": 3}").unwrap();
    let not_json = not_json.to_str().unwrap();
    for (parts, says) in [
        (vec![one.as_str()], "slices missing from the merge: 2/2"),
        (vec![one.as_str(), one.as_str()], "slice 1/2 again"),
        (vec![one.as_str(), other.as_str()], "other.json: slice 1/3"),
        (
            vec![whole.as_str(), one.as_str()],
            "cannot be merged together",
        ),
        (
            vec![not_json],
            "notes.json: not a report of `grade --format json`",
        ),
        (vec!["missing.json"], "missing.json: No such file"),
    ] {
        let mut args = vec!["merge"];
        args.extend(parts);
        let merged = grade_in(dir.path(), &args);
        assert_eq!(merged.code, 2, "{args:?}: {}", merged.stdout);
        assert!(merged.stderr.contains(says), "{args:?}: {}", merged.stderr);
        assert!(!merged.stderr.contains("panicked"), "{}", merged.stderr);
    }
    // `--output` may name a part: every part is read first.
    let merged = grade_in(
        dir.path(),
        &["merge", "--output", &whole, "--format", "json", &whole],
    );
    assert_eq!(merged.code, 1, "{}", merged.stderr);
    let again = std::fs::read_to_string(&whole).unwrap();
    assert!(again.contains("\"submissions\""), "{again}");
}

/// The block scalars (`run: |`, `- |`) of a YAML file, unindented, in
/// file order.
fn shell_blocks(yaml: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        let opener = line.trim_end();
        if !(opener.ends_with("run: |") || opener.trim_start() == "- |") {
            continue;
        }
        let depth = opener.len() - opener.trim_start().len();
        let mut block = String::new();
        while let Some(next) = lines.peek() {
            let indent = next.len() - next.trim_start().len();
            if !next.trim().is_empty() && indent <= depth {
                break;
            }
            block.push_str(next.trim_start());
            block.push('\n');
            lines.next();
        }
        blocks.push(block);
    }
    blocks
}

/// A course of quick challenges, its references, and a class of five.
fn course() -> tempfile::TempDir {
    let course = tempfile::tempdir().expect("tempdir");
    let basic = fixture("basic");
    for path in CHALLENGES {
        let below = path.trim_start_matches("exercises/");
        copy_tree(&basic.join(path), &course.path().join(path));
        copy_tree(
            &basic.join("solutions").join(below),
            &course.path().join("solutions").join(below),
        );
    }
    let class = class();
    copy_tree(class.path(), &course.path().join("class"));
    course
}

/// Runs one documented shell block in the course, `grade` on its PATH.
fn sh(course: &Path, block: &str, env: &[(&str, String)]) {
    let bin = course.join(".bin");
    std::fs::create_dir_all(&bin).unwrap();
    let grade = bin.join("grade");
    if !grade.exists() {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_grade"), &grade).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("/bin/sh")
        .args(["-ec", block])
        .current_dir(course)
        .env("PATH", path)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{block}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn whole_gradebook(course: &Path) -> String {
    let whole = grade_in(
        course,
        &["exercises", "--class", "class", "--format", "csv"],
    );
    assert_eq!(whole.code, 1, "{}", whole.stderr);
    whole.stdout
}

#[test]
fn the_github_actions_matrix_grades_the_class_it_documents() {
    let yaml = include_str!("../../examples/scale-out/github-actions.yml");
    let course = course();
    let blocks: Vec<String> = shell_blocks(yaml)
        .into_iter()
        .filter(|block| block.contains("grade ") && !block.contains("cargo install"))
        .collect();
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    for slice in 1..=4 {
        let block = blocks[0].replace("${{ matrix.slice }}", &slice.to_string());
        sh(course.path(), &block, &[]);
    }
    assert!(!blocks[1].contains("${{"), "{}", blocks[1]);
    sh(course.path(), &blocks[1], &[]);
    let merged = std::fs::read_to_string(course.path().join("grades.csv")).unwrap();
    assert_eq!(merged, whole_gradebook(course.path()));
    let junit = std::fs::read_to_string(course.path().join("class.xml")).unwrap();
    assert_eq!(junit.matches("<testsuite ").count(), 5 * 4, "{junit}");
}

#[test]
fn the_kubernetes_indexed_job_grades_the_class_it_documents() {
    let yaml = include_str!("../../examples/scale-out/kubernetes-job.yaml");
    let course = course();
    let reports = tempfile::tempdir().expect("tempdir");
    let reports_env = ("REPORTS", reports.path().display().to_string());
    let blocks = shell_blocks(yaml);
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert!(yaml.contains("completions: 4"));
    for index in 0..4 {
        let env = [
            reports_env.clone(),
            ("JOB_COMPLETION_INDEX", index.to_string()),
        ];
        sh(course.path(), &blocks[0], &env);
    }
    sh(course.path(), &blocks[1], &[reports_env]);
    let merged = std::fs::read_to_string(reports.path().join("grades.csv")).unwrap();
    assert_eq!(merged, whole_gradebook(course.path()));
}
