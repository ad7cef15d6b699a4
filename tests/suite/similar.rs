//! `grade similar`: copies planted in a class are found however they are
//! disguised, and solutions written independently, or following the
//! reference, are not flagged. The planted set is
//! `tests/fixtures/similar/<challenge>/`: five genuinely different correct
//! implementations of three challenges of the course (`independent-*`),
//! disguised copies of them (`<disguise>-of-<original>`), and learners who
//! filled in the stub with the reference's own approach
//! (`reference-style-*`). Verbatim and renamed copies are made here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{fixture, grade_in, json, Run};

/// (week, challenge) of the course, as the fixtures name them.
const CHALLENGES: [(&str, &str); 3] = [
    ("week1", "lazy-pipeline"),
    ("week2", "lru-memoizer"),
    ("week3", "round-robin-scheduler"),
];

/// The renaming of `renamed-of-b`: every name `independent-b` chose that
/// the challenge does not fix, as a copier renames them.
fn renames(challenge: &str) -> &'static [(&'static str, &'static str)] {
    match challenge {
        "lazy-pipeline" => &[
            ("LINE", "PATTERN"),
            ("lines", "rows"),
            ("matches", "found"),
            ("m", "hit"),
            ("pair", "item"),
            ("stats", "table"),
            ("entry", "slot"),
            ("name", "key"),
            ("value", "amount"),
            ("parsed", "step1"),
            ("kept", "step2"),
        ],
        "lru-memoizer" => &[
            ("_KW", "_SEP"),
            ("valid", "good"),
            ("fn", "target"),
            ("store", "memory"),
            ("counters", "numbers"),
            ("memo", "cached_call"),
            ("key", "k"),
            ("value", "res"),
            ("decorator", "wrap_it"),
        ],
        "round-robin-scheduler" => &[
            ("READY", "RUNNABLE"),
            ("WAITING", "BLOCKED"),
            ("FINISHED", "DONE"),
            ("generators", "gens"),
            ("state", "states"),
            ("pending", "mailbox"),
            ("outcome", "results"),
            ("queue", "fifo"),
            ("head", "cursor"),
            ("number", "tid"),
            ("_wake", "_resume"),
            ("waiting_on", "joiners"),
            ("yielded", "req"),
            ("target", "other_id"),
            ("other", "sleeper"),
        ],
        other => panic!("no renaming for {other}"),
    }
}

fn rename(source: &str, renames: &[(&str, &str)]) -> String {
    renames.iter().fold(source.to_owned(), |text, (from, to)| {
        regex::Regex::new(&format!(r"\b{from}\b"))
            .unwrap()
            .replace_all(&text, *to)
            .into_owned()
    })
}

/// The repo whose course the fixtures answer: this one.
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn challenge_paths() -> Vec<String> {
    CHALLENGES
        .iter()
        .map(|(week, slug)| format!("exercises/{week}/{slug}"))
        .collect()
}

fn write(class: &Path, learner: &str, week: &str, slug: &str, source: &str) {
    let dir = class.join(learner).join(week).join(slug);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("solution.py"), source).unwrap();
}

/// The planted class, and the pairs it must be found to hold: per
/// challenge, every two files that come from the same original.
fn planted_class() -> (tempfile::TempDir, BTreeSet<(String, String, String)>) {
    let class = tempfile::tempdir().unwrap();
    let mut copies = BTreeSet::new();
    for (week, slug) in CHALLENGES {
        let folder = fixture("similar").join(slug);
        let mut learners: Vec<(String, String)> = Vec::new();
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            learners.push((name, std::fs::read_to_string(&path).unwrap()));
        }
        let original = |letter: &str| {
            std::fs::read_to_string(folder.join(format!("independent-{letter}.py"))).unwrap()
        };
        learners.push(("verbatim-of-a".into(), original("a")));
        learners.push(("renamed-of-b".into(), rename(&original("b"), renames(slug))));
        assert_ne!(
            original("b"),
            rename(&original("b"), renames(slug)),
            "{slug}: the renaming renames nothing"
        );
        for (learner, source) in &learners {
            write(class.path(), learner, week, slug, source);
        }
        // Who comes from which original.
        let origin = |learner: &str| -> Option<String> {
            if let Some(letter) = learner.strip_prefix("independent-") {
                return Some(letter.to_owned());
            }
            learner.split_once("-of-").map(|(_, of)| of.to_owned())
        };
        for (a, _) in &learners {
            for (b, _) in &learners {
                if a < b && origin(a).is_some() && origin(a) == origin(b) {
                    copies.insert((format!("{week}/{slug}"), a.clone(), b.clone()));
                }
            }
        }
    }
    (class, copies)
}

fn similar(class: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["similar", "--class", class.to_str().unwrap()];
    let paths = challenge_paths();
    args.extend(paths.iter().map(String::as_str));
    args.extend(extra);
    grade_in(&repo(), &args)
}

/// (challenge, learner a, learner b) of each pair a JSON report flags.
fn flagged(report: &serde_json::Value) -> BTreeSet<(String, String, String)> {
    report["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let mut learners = [
                pair["a"]["learner"].as_str().unwrap().to_owned(),
                pair["b"]["learner"].as_str().unwrap().to_owned(),
            ];
            learners.sort();
            let [a, b] = learners;
            (pair["challenge"].as_str().unwrap().to_owned(), a, b)
        })
        .collect()
}

#[test]
fn planted_copies_are_found_and_independent_solutions_are_not() {
    let (class, copies) = planted_class();
    let run = similar(class.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found = flagged(&json(&run));
    let true_positives = found.intersection(&copies).count();
    let recall = true_positives as f64 / copies.len() as f64;
    let precision = true_positives as f64 / found.len().max(1) as f64;
    println!(
        "planted set: {} copy pairs, {} flagged, {true_positives} of them copies: recall {recall:.3}, precision {precision:.3}",
        copies.len(),
        found.len()
    );
    let missed: Vec<_> = copies.difference(&found).collect();
    let false_positives: Vec<_> = found.difference(&copies).collect();
    assert!(missed.is_empty(), "copies missed: {missed:?}");
    assert!(
        false_positives.is_empty(),
        "independent work flagged: {false_positives:?}"
    );
    assert_eq!(recall, 1.0);
    assert_eq!(precision, 1.0);
    // Every disguise is among the copies, in every challenge.
    for (week, slug) in CHALLENGES {
        for disguise in [
            "verbatim-of-a",
            "renamed-of-b",
            "reordered-of-c",
            "recommented-of-d",
            "rewritten-of-e",
        ] {
            assert!(
                copies
                    .iter()
                    .any(|(c, a, b)| *c == format!("{week}/{slug}")
                        && (a == disguise || b == disguise)),
                "{slug}: {disguise} is not planted"
            );
        }
    }
}

#[test]
fn the_planted_solutions_are_correct() {
    // The premise of the test above: the independent implementations
    // (and every disguise of them) are real answers that pass every case.
    let (class, _) = planted_class();
    let mut args = vec![
        "--class",
        class.path().to_str().unwrap(),
        "--format",
        "json",
    ];
    let paths = challenge_paths();
    args.extend(paths.iter().map(String::as_str));
    let run = grade_in(&repo(), &args);
    let report = json(&run);
    let mut graded = 0;
    for submission in report["submissions"].as_array().unwrap() {
        let learner = submission["learner"].as_str().unwrap();
        for challenge in submission["challenges"].as_array().unwrap() {
            let path = challenge["path"].as_str().unwrap();
            // A learner planted in one challenge only hands in nothing
            // for the others.
            if !class.path().join(learner).join(path).is_dir() {
                continue;
            }
            graded += 1;
            for case in challenge["cases"].as_array().unwrap() {
                assert_eq!(case["status"], "pass", "{learner} {path}: {case:#}");
            }
        }
    }
    assert!(graded >= 3 * 12, "{graded}");
}

#[test]
fn a_class_that_hands_in_the_reference_or_the_stub_is_not_flagged() {
    let class = tempfile::tempdir().unwrap();
    let (week, slug) = CHALLENGES[1];
    let reference =
        std::fs::read_to_string(repo().join(format!("solutions/{week}/{slug}/solution.py")))
            .unwrap();
    let stub = std::fs::read_to_string(repo().join(format!("exercises/{week}/{slug}/solution.py")))
        .unwrap();
    for learner in 0..12 {
        let source = match learner % 3 {
            0 => reference.clone(),
            // The reference, its comments and docstrings gone, names changed.
            1 => rename(
                &reference
                    .lines()
                    .filter(|line| !line.trim_start().starts_with('#'))
                    .collect::<Vec<_>>()
                    .join("\n"),
                &[("cache", "store"), ("hits", "h"), ("misses", "m")],
            ),
            _ => stub.clone(),
        };
        write(
            class.path(),
            &format!("learner-{learner:02}"),
            week,
            slug,
            &source,
        );
    }
    let run = grade_in(
        &repo(),
        &[
            "similar",
            "--class",
            class.path().to_str().unwrap(),
            &format!("exercises/{week}/{slug}"),
            "--format",
            "json",
            "--min-tokens",
            "0",
            "--threshold",
            "0",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run);
    assert_eq!(report["pairs"], serde_json::json!([]), "{report:#}");
    assert_eq!(report["challenges"][0]["submissions"], 12);
}

/// A small class for the formats: a copy, its original, and a stranger;
/// one learner's name and code carry terminal escapes.
fn small_class() -> tempfile::TempDir {
    let class = tempfile::tempdir().unwrap();
    let (week, slug) = CHALLENGES[0];
    let folder = fixture("similar").join(slug);
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
    write(class.path(), "ada", week, slug, &read("independent-c.py"));
    write(class.path(), "bo", week, slug, &read("independent-d.py"));
    let copied = read("reordered-of-c.py").replace("COMMENT = \"#\"", "COMMENT = \"#\x1b[2J\"");
    write(class.path(), "cy\x1b[31m", week, slug, &copied);
    class
}

fn small_run(format: &str) -> String {
    let class = small_class();
    let run = grade_in(
        &repo(),
        &[
            "similar",
            "--class",
            class.path().to_str().unwrap(),
            "exercises/week1/lazy-pipeline",
            "--format",
            format,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains('\x1b'),
        "an escape reached the report:\n{}",
        run.stdout
    );
    run.stdout
}

#[test]
fn the_human_report_shows_the_matched_regions_side_by_side() {
    let text = small_run("human");
    assert!(text.contains("cy\\x1b[31m"), "{text}");
    insta::assert_snapshot!("small_class_human", text);
}

#[test]
fn json_and_csv_reports_for_scripts() {
    insta::assert_snapshot!("small_class_json", small_run("json"));
    insta::assert_snapshot!("small_class_csv", small_run("csv"));
}

#[test]
fn a_linked_learner_file_is_not_read() {
    let class = small_class();
    let secret = tempfile::tempdir().unwrap();
    let target = secret.path().join("secret.py");
    std::fs::copy(
        fixture("similar").join("lazy-pipeline/independent-c.py"),
        &target,
    )
    .unwrap();
    let dir = class.path().join("eve/week1/lazy-pipeline");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&target, dir.join("solution.py")).unwrap();
    let run = grade_in(
        &repo(),
        &[
            "similar",
            "--class",
            class.path().to_str().unwrap(),
            "exercises/week1/lazy-pipeline",
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("eve"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("eve/week1/lazy-pipeline/solution.py is a symbolic link"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not compared"), "{}", run.stderr);
}

#[test]
fn bad_input_is_one_message_and_exit_2() {
    let class = small_class();
    let class_arg = class.path().to_str().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let cases: [(Vec<&str>, &str); 5] = [
        (vec!["similar", "exercises"], "--class"),
        (
            vec!["similar", "--class", "/no/such/class", "exercises"],
            "--class /no/such/class: no such folder",
        ),
        (
            vec![
                "similar",
                "--class",
                empty.path().to_str().unwrap(),
                "exercises",
            ],
            "no learner folders",
        ),
        (
            vec![
                "similar",
                "--class",
                class_arg,
                "--threshold",
                "1.5",
                "exercises",
            ],
            "a share is from 0 to 1",
        ),
        (
            vec!["similar", "--class", class_arg, "exercises/week9"],
            "exercises/week9 does not exist",
        ),
    ];
    for (args, message) in cases {
        let run = grade_in(&repo(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

/// The html page: the pair's files side by side, regions marked, every
/// learner text escaped, nothing that loads or runs.
#[test]
fn the_html_report_shows_both_files_with_the_regions_marked() {
    let page = small_run("html");
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("Content-Security-Policy"), "{page}");
    assert!(!page.contains("<script"), "{page}");
    // The copy's pair, with both files whole and marked regions.
    assert!(page.contains("ada and cy\\x1b[31m"), "{page}");
    assert!(page.contains("class=\"l m0\""), "{page}");
    assert!(!page.contains("\"#\x1b"), "{page}");
    let class = small_class();
    write(
        class.path(),
        "<img src=x onerror=alert(1)>",
        CHALLENGES[0].0,
        CHALLENGES[0].1,
        &std::fs::read_to_string(
            fixture("similar")
                .join(CHALLENGES[0].1)
                .join("independent-c.py"),
        )
        .unwrap()
        .replace("return", "return  # </pre><script>alert(2)</script>"),
    );
    let run = grade_in(
        &repo(),
        &[
            "similar",
            "--class",
            class.path().to_str().unwrap(),
            "exercises/week1/lazy-pipeline",
            "--format",
            "html",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("<img"), "{}", run.stdout);
    assert!(!run.stdout.contains("<script"), "{}", run.stdout);
    assert!(
        run.stdout.contains("&lt;script&gt;alert(2)"),
        "{}",
        run.stdout
    );
}
