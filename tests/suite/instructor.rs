//! Instructor tools on the `instructor` fixture: `grade check` (one rule per
//! challenge under exercises/check/), `grade new`, expectations taken from
//! the reference solution, `--tests` overlays, `max_peak_kb` and `max_ratio`.
//! Learner files for graded runs live in learners/right and learners/wrong,
//! two `--submission` trees.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{copy_tree, fixture, grade_in, json, statuses, Run};

fn root() -> PathBuf {
    fixture("instructor")
}

/// The fixture as the binary sees it: its working directory is resolved,
/// so the absolute paths in its messages start with this.
fn canonical_root() -> PathBuf {
    root().canonicalize().expect("fixture exists")
}

fn check(args: &[&str]) -> Run {
    let mut all = vec!["check"];
    all.extend(args);
    let run = grade_in(&root(), &all);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// The table row of one challenge, whitespace collapsed.
fn row(run: &Run, path: &str) -> String {
    run.stdout
        .lines()
        .find(|line| line.split_whitespace().next() == Some(path))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| panic!("no row for {path} in:\n{}", run.stdout))
}

/// The lines of the "Problems:" list, without their indentation.
fn problems(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .skip_while(|line| *line != "Problems:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(|line| line.trim().to_owned())
        .collect()
}

fn summary_line(run: &Run) -> &str {
    run.stdout
        .lines()
        .rev()
        .find(|line| !line.is_empty())
        .unwrap_or_default()
}

/// Checks one challenge that has exactly one problem.
fn assert_one_problem(path: &str, row_text: &str, problem: &str) {
    let run = check(&[&format!("exercises/{path}")]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(row(&run, path), row_text, "{}", run.stdout);
    assert_eq!(
        problems(&run),
        [format!("{path}: {problem}")],
        "{}",
        run.stdout
    );
    assert_eq!(
        summary_line(&run),
        "1 challenge checked: 0 sound, 1 with problems"
    );
}

/// The one challenge's cases of a JSON report, by name.
fn cases(report: &serde_json::Value) -> BTreeMap<String, serde_json::Value> {
    let challenges = report["submissions"][0]["challenges"]
        .as_array()
        .expect("challenges");
    assert_eq!(challenges.len(), 1, "one challenge: {report}");
    challenges[0]["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|case| {
            (
                case["name"].as_str().expect("name").to_owned(),
                case.clone(),
            )
        })
        .collect()
}

/// `grade PATH --submission learners/WHO --format json`.
fn grade_learner(path: &str, who: &str) -> Run {
    let submission = format!("learners/{who}");
    grade_in(
        &root(),
        &[path, "--submission", &submission, "--format", "json"],
    )
}

/// Every file under `dir` with its contents.
fn snapshot_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text = std::fs::read(&path).expect("read");
                files.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), text);
            }
        }
    }
    files
}

// ---------------------------------------------------------------------------
// grade check: one rule per challenge

#[test]
fn check_sound_challenge_is_ok() {
    // Its one wrong variant opens with a comment and is rejected.
    let run = check(&["exercises/check/sound"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        row(&run, "check/sound"),
        "check/sound 3 0 pass fails 3 1/1 ok"
    );
    assert!(!run.stdout.contains("Problems:"), "{}", run.stdout);
    assert_eq!(
        summary_line(&run),
        "1 challenge checked: 1 sound, 0 with problems"
    );
}

#[test]
fn check_reference_that_fails_a_case() {
    assert_one_problem(
        "check/reference-fails",
        "check/reference-fails 2 0 1 fail fails 2 0/0 PROBLEM",
        "the reference fails `doubles three`: fail: value differs",
    );
}

#[test]
fn check_stub_that_passes_every_case() {
    assert_one_problem(
        "check/stub-passes",
        "check/stub-passes 1 0 pass passes 0/0 PROBLEM",
        "the starter stub passes every case: learners have nothing to do",
    );
}

#[test]
fn check_flaky_case_is_named() {
    // The reference returns 16 bytes of os.urandom for a case that takes its
    // expectation from the reference: two runs agree with odds of 2^-128.
    assert_one_problem(
        "check/flaky",
        "check/flaky 2 0 pass fails 2 0/0 PROBLEM",
        "`random token` is flaky: pass then fail (value differs)",
    );
}

#[test]
fn check_wrong_variant_that_survives() {
    assert_one_problem(
        "check/wrong-survives",
        "check/wrong-survives 1 0 pass fails 1 0/1 PROBLEM",
        "wrong_identity.py survives: no case rejects it",
    );
}

#[test]
fn check_wrong_variant_without_its_opening_comment() {
    // Rejected by the cases (1/1), but its comment is not on the first line.
    assert_one_problem(
        "check/wrong-uncommented",
        "check/wrong-uncommented 1 0 pass fails 1 1/1 PROBLEM",
        "wrong_identity.py does not open with a comment saying what is wrong",
    );
}

#[test]
fn check_broken_spec_is_reported_with_its_line_and_the_rest_still_checked() {
    let run = check(&["exercises/check/broken-spec", "exercises/check/sound"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        row(&run, "check/broken-spec"),
        "check/broken-spec 0 0 - - - PROBLEM"
    );
    assert_eq!(
        row(&run, "check/sound"),
        "check/sound 3 0 pass fails 3 1/1 ok"
    );
    let spec = canonical_root().join("exercises/check/broken-spec/exercise.toml");
    let found = problems(&run);
    assert_eq!(found.len(), 1, "{found:?}");
    let expected = format!(
        "check/broken-spec: {}:9:1: unknown field `expekt`, expected one of",
        spec.display()
    );
    assert!(
        found[0].starts_with(&expected),
        "{}\nshould start with\n{expected}",
        found[0]
    );
    assert_eq!(
        summary_line(&run),
        "2 challenges checked: 1 sound, 1 with problems"
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn check_whole_fixture_reports_every_problem_and_a_summary() {
    let run = check(&[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        summary_line(&run),
        "12 challenges checked: 5 sound, 7 with problems"
    );
    for sound in [
        "check/sound",
        "derived/from-reference",
        "overlay/greetings",
        "perf/peak",
        "perf/ratio",
    ] {
        assert!(row(&run, sound).ends_with(" ok"), "{sound}: {}", run.stdout);
    }
    let root = canonical_root();
    let found = problems(&run);
    let broken = format!(
        "check/broken-spec: {}:9:1: unknown field `expekt`",
        root.join("exercises/check/broken-spec/exercise.toml")
            .display()
    );
    assert!(found[0].starts_with(&broken), "{found:?}");
    assert_eq!(
        found[1..],
        [
            "check/flaky: `random token` is flaky: pass then fail (value differs)".to_owned(),
            "check/reference-fails: the reference fails `doubles three`: fail: value differs".to_owned(),
            "check/stub-passes: the starter stub passes every case: learners have nothing to do".to_owned(),
            "check/wrong-survives: wrong_identity.py survives: no case rejects it".to_owned(),
            "check/wrong-uncommented: wrong_identity.py does not open with a comment saying what is wrong"
                .to_owned(),
            format!(
                "derived/missing-reference: no reference solution at {}",
                root.join("solutions/derived/missing-reference/solution.py").display()
            ),
        ]
    );
}

// ---------------------------------------------------------------------------
// grade new

const IDENTICAL_STUB: &str = "week9/pair-sum: the starter stub is identical to the reference, so it \
     passes every case: write the real solution in solutions/ and leave learners a stub (signatures, \
     docstrings, `raise NotImplementedError`)";

/// A practice repo holding one sound challenge (a copy of check/sound).
fn temp_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(
        &root().join("exercises/check/sound"),
        &dir.path().join("exercises/week1/sound"),
    );
    copy_tree(
        &root().join("solutions/check/sound"),
        &dir.path().join("solutions/week1/sound"),
    );
    dir
}

#[test]
fn new_scaffolds_a_challenge_whose_only_problem_is_the_identical_stub() {
    let repo = temp_repo();
    let run = grade_in(
        repo.path(),
        &[
            "new",
            "exercises/week9/pair-sum",
            "--topic",
            "functions",
            "--difficulty",
            "2",
        ],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let challenge = repo.path().join("exercises/week9/pair-sum");
    for file in ["README.md", "exercise.toml", "solution.py"] {
        assert!(
            challenge.join(file).is_file(),
            "{file} missing:\n{}",
            run.stdout
        );
    }
    let reference = repo.path().join("solutions/week9/pair-sum/solution.py");
    assert!(reference.is_file(), "{}", run.stdout);
    assert_eq!(run.stdout.matches("created ").count(), 4, "{}", run.stdout);
    let spec = std::fs::read_to_string(challenge.join("exercise.toml")).unwrap();
    assert!(
        spec.contains("title = \"Pair Sum\"\ntopic = \"functions\"\ndifficulty = 2\n"),
        "{spec}"
    );
    for key in [
        "expect",
        "raises",
        "stdout",
        "hidden",
        "max_peak_kb",
        "max_ratio",
    ] {
        assert!(spec.contains(key), "the scaffold shows `{key}`:\n{spec}");
    }

    let run = grade_in(repo.path(), &["check"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(problems(&run), [IDENTICAL_STUB]);
    // The scaffold's own cases all pass with its reference.
    assert_eq!(
        row(&run, "week9/pair-sum"),
        "week9/pair-sum 5 1 pass passes 0/0 PROBLEM"
    );
    assert!(row(&run, "week1/sound").ends_with(" ok"), "{}", run.stdout);
    assert_eq!(
        summary_line(&run),
        "2 challenges checked: 1 sound, 1 with problems"
    );
}

#[test]
fn new_refuses_to_overwrite_and_changes_nothing() {
    let repo = temp_repo();
    let args = ["new", "exercises/week9/pair-sum", "--topic", "functions"];
    assert_eq!(grade_in(repo.path(), &args).code, 0);
    // The instructor starts writing; a second scaffold must not undo it.
    let stub = repo.path().join("exercises/week9/pair-sum/solution.py");
    std::fs::write(
        &stub,
        "def pair_sum(numbers, target):\n    raise NotImplementedError\n",
    )
    .unwrap();
    let before = snapshot_tree(repo.path());

    for topic in ["functions", "generators"] {
        let run = grade_in(
            repo.path(),
            &["new", "exercises/week9/pair-sum", "--topic", topic],
        );
        assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("refusing to overwrite"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("exercises/week9/pair-sum/exercise.toml"),
            "{}",
            run.stderr
        );
        assert!(!run.stdout.contains("created"), "{}", run.stdout);
        assert_eq!(snapshot_tree(repo.path()), before);
    }
}

#[test]
fn new_outside_exercises_is_a_usage_error() {
    let repo = temp_repo();
    let before = snapshot_tree(repo.path());
    let run = grade_in(
        repo.path(),
        &["new", "elsewhere/thing", "--topic", "functions"],
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "error: elsewhere/thing is not inside an `exercises/` folder (try exercises/week4/thing)"
    );
    assert!(!repo.path().join("elsewhere").exists());
    assert_eq!(snapshot_tree(repo.path()), before);
}

// ---------------------------------------------------------------------------
// Expectations taken from the reference solution

#[test]
fn reference_outcomes_pass_a_right_learner() {
    // The right learner writes different code with the same value, the same
    // exception and the same output as the reference.
    let run = grade_learner("exercises/derived/from-reference", "right");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));
    for name in ["value", "exception", "output"] {
        assert_eq!(cases[name]["status"], "pass", "{name}: {}", cases[name]);
    }
    assert_eq!(cases["exception"]["expected"], "raises ValueError");
    assert_eq!(cases["output"]["stdout"], "- 4\n- 5\n");
}

#[test]
fn reference_outcomes_fail_a_wrong_learner() {
    let run = grade_learner("exercises/derived/from-reference", "wrong");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));

    let value = &cases["value"];
    assert_eq!(value["status"], "fail");
    assert_eq!(value["message"], "value differs");
    assert_eq!(value["expected"], "[1, 2, 3]");
    assert_eq!(value["actual"], "['1', '2', '3']");

    let exception = &cases["exception"];
    assert_eq!(exception["status"], "fail");
    assert_eq!(
        exception["message"],
        "expected ValueError to be raised, but nothing was raised"
    );

    let output = &cases["output"];
    assert_eq!(output["status"], "fail");
    assert_eq!(output["message"], "output differs");
    assert_eq!(output["expected"], "- 4\n- 5");
    assert_eq!(output["actual"], "4, 5");
}

#[test]
fn missing_reference_is_exit_2_naming_the_path() {
    let root = canonical_root();
    // Grading goes on (a practice repo handed out without solutions/):
    // the case says why it cannot be judged.
    let run = grade_in(
        &root,
        &["exercises/derived/missing-reference", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let case = &json(&run)["submissions"][0]["challenges"][0]["cases"][0];
    assert_eq!(case["status"], "skipped");
    assert!(
        case["message"]
            .as_str()
            .unwrap()
            .contains("the reference solution is not in this repo"),
        "{case}"
    );
    // Freezing needs the reference: exit 2, naming the path.
    let run = grade_in(&root, &["freeze", "exercises/derived/missing-reference"]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let expected = format!(
        "error: {}: case `from a reference that is not there` takes its expectation from the reference \
         solution, but {} does not exist (use --solutions DIR)",
        root.join("exercises/derived/missing-reference/exercise.toml").display(),
        root.join("solutions/derived/missing-reference/solution.py").display()
    );
    assert_eq!(run.stderr.trim(), expected);

    let run = check(&["exercises/derived/missing-reference"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        row(&run, "derived/missing-reference"),
        "derived/missing-reference 1 0 missing - - PROBLEM"
    );
    assert_eq!(
        problems(&run),
        [format!(
            "derived/missing-reference: no reference solution at {}",
            root.join("solutions/derived/missing-reference/solution.py")
                .display()
        )]
    );
}

#[test]
fn a_changed_reference_changes_the_expectations() {
    // Reference outcomes are cached across runs, keyed by the reference's
    // contents: editing the reference must not leave a stale expectation.
    let repo = tempfile::tempdir().expect("tempdir");
    for tree in ["exercises", "solutions", "learners/right"] {
        copy_tree(
            &root().join(tree).join("derived/from-reference"),
            &repo.path().join(tree).join("derived/from-reference"),
        );
    }
    let args = [
        "exercises/derived/from-reference",
        "--submission",
        "learners/right",
        "--format",
        "json",
    ];
    for _ in 0..2 {
        let run = grade_in(repo.path(), &args);
        assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    }
    let reference = repo
        .path()
        .join("solutions/derived/from-reference/solution.py");
    let text = std::fs::read_to_string(&reference).unwrap();
    std::fs::write(
        &reference,
        text.replace("f\"- {number}\"", "f\"* {number}\""),
    )
    .unwrap();
    let run = grade_in(repo.path(), &args);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));
    assert_eq!(cases["value"]["status"], "pass");
    assert_eq!(cases["output"]["status"], "fail");
    assert_eq!(cases["output"]["expected"], "* 4\n* 5");
}

// ---------------------------------------------------------------------------
// --tests overlays

#[test]
fn overlay_cases_are_added_and_hidden_by_default() {
    let args = [
        "exercises/overlay/greetings",
        "--tests",
        "hidden-tests",
        "--format",
        "json",
    ];
    let run = grade_in(&root(), &args);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report = json(&run);
    let expected: BTreeMap<String, String> = [
        ("greets Ada", "pass"),
        ("shouts", "fail"),
        ("greets the empty name", "pass"),
        ("knows the secret", "fail"),
        ("shouts a letter", "fail"),
    ]
    .into_iter()
    .map(|(name, status)| (name.to_owned(), status.to_owned()))
    .collect();
    assert_eq!(statuses(&report)["overlay/greetings"], expected);
    let cases = cases(&report);
    for name in ["greets the empty name", "knows the secret"] {
        let case = &cases[name];
        assert_eq!(case["hidden"], true, "{case}");
        for key in ["expected", "actual", "diff", "stdout", "duration_ms"] {
            assert!(
                case.get(key).is_none(),
                "hidden `{name}` shows {key}: {case}"
            );
        }
    }
    assert_eq!(cases["knows the secret"]["message"], "value differs");
    assert_eq!(cases["knows the secret"]["max_points"], 2);
    assert_eq!(report["summary"]["max_points"], 6);
    for secret in ["overlay-secret-7c1e", "wrong-guess-51b2"] {
        assert!(
            !run.stdout.contains(secret),
            "{secret} leaked:\n{}",
            run.stdout
        );
    }
    let human = grade_in(
        &root(),
        &["exercises/overlay/greetings", "--tests", "hidden-tests"],
    );
    assert!(
        human.stdout.contains("knows the secret [hidden]"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains("overlay-secret-7c1e"),
        "{}",
        human.stdout
    );

    // Without the overlay, only the repo's own two cases.
    let plain = grade_in(
        &root(),
        &["exercises/overlay/greetings", "--format", "json"],
    );
    assert_eq!(statuses(&json(&plain))["overlay/greetings"].len(), 2);
    // Instructors see everything with --reveal.
    let mut revealed = args.to_vec();
    revealed.push("--reveal");
    let revealed = grade_in(&root(), &revealed);
    assert!(
        revealed.stdout.contains("overlay-secret-7c1e"),
        "{}",
        revealed.stdout
    );
}

#[test]
fn overlay_case_with_hidden_false_is_shown() {
    let run = grade_in(
        &root(),
        &[
            "exercises/overlay/greetings",
            "--tests",
            "hidden-tests",
            "--format",
            "json",
        ],
    );
    let cases = cases(&json(&run));
    let shown = &cases["shouts a letter"];
    assert_eq!(shown["hidden"], false, "{shown}");
    assert_eq!(shown["status"], "fail");
    assert_eq!(shown["expected"], "'X!'");
    assert_eq!(shown["actual"], "'x'");
}

#[test]
fn check_counts_overlay_cases() {
    let run = check(&["exercises/overlay/greetings", "--tests", "hidden-tests"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        row(&run, "overlay/greetings"),
        "overlay/greetings 5 2 pass fails 3 0/0 ok"
    );
}

#[test]
fn overlay_name_collision_names_both_files() {
    let spec = canonical_root().join("exercises/overlay/greetings/exercise.toml");
    let expected = format!(
        "hidden-tests-collision/overlay/greetings/exercise.toml:7:8: case `greets Ada` is already defined in {}",
        spec.display()
    );
    let run = grade_in(
        &canonical_root(),
        &[
            "exercises/overlay/greetings",
            "--tests",
            "hidden-tests-collision",
        ],
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(run.stderr.trim(), format!("error: {expected}"));

    // `grade check` reports it as the challenge's problem.
    let run = check(&[
        "exercises/overlay/greetings",
        "--tests",
        "hidden-tests-collision",
    ]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(problems(&run), [format!("overlay/greetings: {expected}")]);
}

#[test]
fn overlay_unknown_key_is_reported_with_file_and_line() {
    let run = grade_in(
        &root(),
        &[
            "exercises/overlay/greetings",
            "--tests",
            "hidden-tests-unknown-key",
        ],
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let message = run.stderr.trim();
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with(
            "error: hidden-tests-unknown-key/overlay/greetings/exercise.toml:5:1: unknown field `hiden`"
        ),
        "{message}"
    );
    assert!(
        message.ends_with("(a --tests file only adds [[test]] cases and test_files)"),
        "{message}"
    );
}

#[test]
fn overlay_duplicate_within_the_overlay_names_the_overlay() {
    let run = grade_in(
        &canonical_root(),
        &[
            "exercises/overlay/greetings",
            "--tests",
            "hidden-tests-duplicate",
        ],
    );
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let spec = canonical_root().join("exercises/overlay/greetings/exercise.toml");
    let message = run.stderr.trim();
    assert!(
        message.starts_with("error: hidden-tests-duplicate/overlay/greetings/exercise.toml:7:8: "),
        "{message}"
    );
    assert!(message.contains("`greets Bo`"), "{message}");
    assert!(
        !message.contains(&spec.display().to_string()),
        "`greets Bo` is not in {}: {message}",
        spec.display()
    );
}

// ---------------------------------------------------------------------------
// max_peak_kb and max_ratio

#[test]
fn max_peak_kb_passes_a_generator() {
    let run = grade_learner("exercises/perf/peak", "right");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));
    let case = &cases["two hundred thousand squares"];
    assert_eq!(case["status"], "pass", "{case}");
    assert_eq!(case["points"], 1);
}

#[test]
fn max_peak_kb_fails_a_list_with_its_peak() {
    let run = grade_learner("exercises/perf/peak", "wrong");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));
    let case = &cases["two hundred thousand squares"];
    assert_eq!(case["status"], "fail", "{case}");
    assert_eq!(case["points"], 0);
    let message = case["message"].as_str().expect("message");
    let pattern =
        regex::Regex::new(r"^memory peak (\d+) KiB is over the limit of 4096 KiB$").unwrap();
    let peak: u64 = pattern
        .captures(message)
        .unwrap_or_else(|| panic!("unexpected message: {message}"))[1]
        .parse()
        .unwrap();
    // 200 000 ints in a list: megabytes, whatever the Python build.
    assert!(peak > 6000, "{message}");
}

#[test]
fn max_ratio_passes_a_linear_solution() {
    let run = grade_learner("exercises/perf/ratio", "right");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));
    let case = &cases["twenty thousand items"];
    assert_eq!(case["status"], "pass", "{case}");
    assert!(
        case["reference_ms"].as_f64().is_some_and(|ms| ms > 0.0),
        "{case}"
    );
}

#[test]
fn max_ratio_fails_a_quadratic_solution() {
    // List membership over 2000 distinct values: some 200x the reference's
    // set, against a limit of 5x.
    let run = grade_learner("exercises/perf/ratio", "wrong");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let cases = cases(&json(&run));
    let case = &cases["twenty thousand items"];
    assert_eq!(case["status"], "fail", "{case}");
    let message = case["message"].as_str().expect("message");
    let pattern = regex::Regex::new(
        r"^too slow: [0-9.]+ ms of CPU, [0-9.]+× the reference's [0-9.]+ ms \(limit 5×\)$",
    )
    .unwrap();
    assert!(pattern.is_match(message), "{message}");
    assert!(
        case["reference_ms"].as_f64().is_some_and(|ms| ms > 0.0),
        "{case}"
    );
}

/// `grade new` on a week folder (a course in weeks, or a folder already
/// holding challenges) is refused with the form that works; nothing is
/// written.
#[test]
fn new_refuses_a_week_folder() {
    let repo = temp_repo();
    let args = ["new", "exercises/week9/pair-sum", "--topic", "functions"];
    assert_eq!(grade_in(repo.path(), &args).code, 0);
    for week in ["exercises/week10", "exercises/week9"] {
        let run = grade_in(repo.path(), &["new", week, "--topic", "functions"]);
        assert_eq!(run.code, 2, "{week}");
        assert!(
            run.stderr.contains(&format!(
                "{week} is a week folder, not a challenge: name the challenge inside it, e.g. {week}/my-challenge"
            )),
            "{}",
            run.stderr
        );
    }
    assert!(!repo.path().join("exercises/week10").exists());
    assert!(!repo.path().join("exercises/week9/exercise.toml").exists());
}

/// A folder given by mistake (a home folder) is not crawled to its bottom:
/// challenges are looked for a few levels down, past folders that never
/// hold a course, and an unreadable folder below is skipped.
#[test]
fn a_large_unrelated_folder_is_not_crawled() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a/b/c/d/e/f");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("exercise.toml"), "not read").unwrap();
    let hidden = dir.path().join("node_modules/x");
    std::fs::create_dir_all(&hidden).unwrap();
    std::fs::write(hidden.join("exercise.toml"), "not read").unwrap();
    let run = grade_in(dir.path(), &["."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no challenge (a folder with an exercise.toml) under ."),
        "{}",
        run.stderr
    );
}
