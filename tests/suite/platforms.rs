//! `--format gradescope` and `--format exercism`: each platform's documented
//! results.json schema written down here, and real runs of the `platforms`
//! fixture (passing, failing, raising, not compiling, hidden cases, a case
//! printing more than 500 characters) checked against it; snapshots of
//! both; hidden cases showing nothing but their verdict; the Gradescope
//! example's `run_autograder` run as Gradescope would run it.

use std::path::Path;

use serde_json::{json, Value};

use super::{copy_tree, fixture, grade_in, Run};

/// The markers the fixture's hidden case carries in its code, expected
/// value, value and output.
const HIDDEN_MARKERS: [&str; 4] = [
    "hidden-code-4b2d",
    "hidden-expected-7c1e",
    "hidden-actual-",
    "hidden-printed-",
];

/// Gradescope's autograder results, as "Autograder Specifications" documents
/// them: https://gradescope-autograders.readthedocs.io/en/latest/specs/
/// ("Output format", "Controlling Test Case Visibility", "Test case status",
/// "Output String Formatting"; the page's source is docs/specs.md in
/// github.com/gradescope/autograder_samples). Every documented key is
/// listed and no other is allowed. `required` is grade's promise on top of
/// the documentation, which makes every key optional (but `score` or
/// `tests`).
fn gradescope_schema() -> Value {
    let visibility = json!({"enum": ["hidden", "after_due_date", "after_published", "visible"]});
    let format = json!({"enum": ["text", "simple_format", "html", "md", "ansi"]});
    json!({
        "type": "object",
        "properties": {
            "score": {"type": "number"},
            "execution_time": {"type": "number", "minimum": 0},
            "output": {"type": "string"},
            "output_format": format,
            "test_output_format": format,
            "test_name_format": format,
            "visibility": visibility,
            "stdout_visibility": visibility,
            "extra_data": {"type": "object"},
            "tests": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "score": {"type": "number"},
                        "max_score": {"type": "number"},
                        "status": {"enum": ["passed", "failed"]},
                        "name": {"type": "string"},
                        "name_format": format,
                        "number": {"type": "string"},
                        "output": {"type": "string"},
                        "output_format": format,
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "visibility": visibility,
                        "extra_data": {"type": "object"}
                    },
                    "additionalProperties": false,
                    "required": ["name", "number", "score", "max_score", "status", "output", "tags", "visibility"]
                }
            },
            "leaderboard": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "value": {"type": ["number", "string"]},
                        "order": {"enum": ["asc", "desc"]}
                    },
                    "required": ["name", "value"]
                }
            }
        },
        "additionalProperties": false,
        "anyOf": [{"required": ["score"]}, {"required": ["tests"]}],
        "required": ["score", "execution_time", "output", "visibility", "stdout_visibility", "tests"]
    })
}

/// Exercism's test runner interface, version 3:
/// https://exercism.org/docs/building/tooling/test-runners/interface
/// (building/tooling/test-runners/interface.md in github.com/exercism/docs).
/// `version` 3; `status` pass|fail|error; a top-level `message` required
/// when the status is error and null or absent otherwise (at most 65535
/// characters); `tests` with a required `name` and `status`, an optional
/// `test_code`, `message`, `output` (at most 500 characters) and `task_id`
/// (a task's number).
fn exercism_schema() -> Value {
    let status = json!({"enum": ["pass", "fail", "error"]});
    json!({
        "type": "object",
        "properties": {
            "version": {"const": 3},
            "status": status,
            "message": {"type": ["string", "null"], "maxLength": 65535},
            "tests": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "test_code": {"type": "string"},
                        "status": status,
                        "message": {"type": ["string", "null"]},
                        "output": {"type": ["string", "null"], "maxLength": 500},
                        "task_id": {"type": "integer", "minimum": 1}
                    },
                    "required": ["name", "status"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["version", "status", "tests"],
        "additionalProperties": false,
        "if": {"properties": {"status": {"const": "error"}}},
        "then": {"required": ["message"], "properties": {"message": {"type": "string", "minLength": 1}}},
        "else": {"properties": {"message": {"type": "null"}}}
    })
}

/// The document, checked against `schema`: every violation listed.
fn valid(schema: &Value, text: &str) -> Value {
    let document: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"));
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}\n{text}", errors.join("\n"));
    document
}

/// The schemas are not vacuous: documents that break them are refused.
#[test]
fn the_schemas_refuse_what_the_platforms_do_not_accept() {
    for (schema, bad) in [
        (gradescope_schema(), json!({"score": 1})),
        (
            gradescope_schema(),
            json!({"score": 0, "execution_time": 0, "output": "", "visibility": "visible",
                   "stdout_visibility": "hidden", "tests": [], "max_points": 1}),
        ),
        (
            gradescope_schema(),
            json!({"score": 0, "execution_time": 0, "output": "", "visibility": "visible",
                   "stdout_visibility": "hidden", "tests": [{"name": "a", "number": "1.1",
                   "score": 0, "max_score": 1, "status": "fail", "output": "", "tags": [],
                   "visibility": "visible"}]}),
        ),
        (
            exercism_schema(),
            json!({"version": 3, "status": "error", "tests": []}),
        ),
        (
            exercism_schema(),
            json!({"version": 3, "status": "fail", "message": "why", "tests": []}),
        ),
        (
            exercism_schema(),
            json!({"version": 3, "status": "pass", "tests": [{"name": "a", "status": "pass",
                   "output": "x".repeat(501)}]}),
        ),
        (
            exercism_schema(),
            json!({"version": 2, "status": "pass", "tests": []}),
        ),
    ] {
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(!validator.is_valid(&bad), "accepted: {bad}");
    }
}

fn run(args: &[&str]) -> Run {
    let run = grade_in(&fixture("platforms"), args);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    run
}

/// test name -> one of its fields.
fn by_name<'a>(document: &'a Value, field: &str) -> Vec<(&'a str, &'a Value)> {
    document["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .map(|test| (test["name"].as_str().expect("name"), &test[field]))
        .collect()
}

/// The test of that name.
fn test<'a>(document: &'a Value, name: &str) -> &'a Value {
    document["tests"]
        .as_array()
        .expect("tests")
        .iter()
        .find(|test| test["name"] == name)
        .unwrap_or_else(|| panic!("no test {name} in {document}"))
}

fn text<'a>(document: &'a Value, name: &str, field: &str) -> &'a str {
    test(document, name)[field]
        .as_str()
        .unwrap_or_else(|| panic!("{name} has no {field}"))
}

#[test]
fn gradescope_results_follow_the_documented_schema() {
    // Failing, raising, not compiling, skipped and hidden cases, and output
    // past 500 characters: the whole fixture.
    let run_all = run(&["--format", "gradescope"]);
    assert_eq!(run_all.code, 1);
    let results = valid(&gradescope_schema(), &run_all.stdout);
    let rows: Vec<(&str, &str, &str)> = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let field = |key: &str| t[key].as_str().unwrap();
            (field("number"), field("name"), field("status"))
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("1.1", "week1/broken › doubles", "failed"),
            ("1.2", "week1/broken › doubles again", "failed"),
            ("2.1", "week1/shelf › ShelfTest.test_sorted", "passed"),
            (
                "2.2",
                "week1/shelf › ShelfTest.test_without_duplicates",
                "failed"
            ),
            ("2.3", "week1/shelf › ShelfTest.test_catalogue", "passed"),
            ("3.1", "week1/word-tools › counts words", "passed"),
            ("3.2", "week1/word-tools › shouts", "failed"),
            ("3.3", "week1/word-tools › rejects empty text", "passed"),
            ("3.4", "week1/word-tools › splits on commas", "failed"),
            ("3.5", "week1/word-tools › chatty but right", "passed"),
            ("3.6", "week1/word-tools › secret word", "failed"),
            ("3.7", "week1/word-tools › counts two words", "passed"),
        ]
    );
    let tests = results["tests"].as_array().unwrap();
    // The score is the tests' total, and a test's is its case's points.
    let total: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
    assert_eq!(results["score"].as_f64(), Some(total));
    assert_eq!(total, 5.0);
    let secret = test(&results, "week1/word-tools › secret word");
    assert_eq!(
        (&secret["score"], &secret["max_score"]),
        (&json!(0), &json!(2))
    );
    // A test that skipped itself did not fail, and earned nothing.
    let skipped = test(&results, "week1/shelf › ShelfTest.test_catalogue");
    assert_eq!(
        (&skipped["score"], &skipped["max_score"]),
        (&json!(0), &json!(1))
    );
    assert_eq!(skipped["output"], "skipped: needs the library's catalogue");
    // Hidden cases show after publication by default; the rest always.
    for test in tests {
        let hidden = test["tags"].as_array().unwrap().contains(&json!("hidden"));
        let expected = if hidden { "after_published" } else { "visible" };
        assert_eq!(test["visibility"], expected, "{test}");
    }
    // A visible failure shows its code, values and diff as plain text.
    let shouts = text(&results, "week1/word-tools › shouts", "output");
    for part in [
        "fail: value differs",
        "code: shout('hi')",
        "expected: 'HI!'",
        "actual: 'HI'",
        "-'HI!'",
    ] {
        assert!(shouts.contains(part), "{part} in {shouts}");
    }
    let raised = text(&results, "week1/word-tools › splits on commas", "output");
    assert!(
        raised.starts_with("error: RuntimeError: not finished: a,b\ncode: split_csv('a,b')"),
        "{raised}"
    );
    assert!(raised.contains("in split_csv"), "{raised}");
    let invalid = text(&results, "week1/broken › doubles", "output");
    assert!(invalid.starts_with("invalid: SyntaxError"), "{invalid}");
    assert!(invalid.contains("return x *"), "{invalid}");
    // Gradescope's box has no 500-character limit: a long output is whole.
    let chatty = text(&results, "week1/word-tools › chatty but right", "output");
    assert!(chatty.starts_with("printed:\n    line 00"), "{chatty}");
    assert!(chatty.ends_with("line 39: the quick brown fox"), "{chatty}");
    for text in tests
        .iter()
        .map(|t| t["output"].as_str().unwrap())
        .chain([results["output"].as_str().unwrap()])
    {
        assert!(!text.contains('\x1b'), "no colours: {text}");
    }
    assert_eq!(
        results["output"],
        "grade: 5 passed, 6 failed · 5/13 points\n\
         3 hidden cases: their results are shown once your instructor publishes the grades"
    );

    // --gradescope-hidden hidden: never shown.
    let never = valid(
        &gradescope_schema(),
        &run(&["--format", "gradescope", "--gradescope-hidden", "hidden"]).stdout,
    );
    for (test, before) in never["tests"].as_array().unwrap().iter().zip(tests) {
        let expected = if before["visibility"] == "visible" {
            "visible"
        } else {
            "hidden"
        };
        assert_eq!(test["visibility"], expected, "{test}");
    }

    // Passing: the reference solutions, one challenge (no path in names).
    let passing = run(&[
        "exercises/week1/word-tools",
        "--submission",
        "solutions",
        "--format",
        "gradescope",
    ]);
    assert_eq!(passing.code, 0, "{}", passing.stderr);
    let passing = valid(&gradescope_schema(), &passing.stdout);
    assert_eq!(passing["score"], 8);
    assert!(by_name(&passing, "status")
        .iter()
        .all(|(_, s)| *s == "passed"));
    assert_eq!(by_name(&passing, "name")[0].0, "counts words");

    // Not compiling: every case fails, the hidden one by its message only.
    let broken = valid(
        &gradescope_schema(),
        &run(&["exercises/week1/broken", "--format", "gradescope"]).stdout,
    );
    assert_eq!(broken["score"], 0);
    assert_eq!(
        text(&broken, "doubles again", "output"),
        "invalid: does not compile"
    );
}

#[test]
fn exercism_results_follow_the_interface_v3() {
    let whole = run(&["--format", "exercism"]);
    assert_eq!(whole.code, 1);
    let results = valid(&exercism_schema(), &whole.stdout);
    assert_eq!(results["status"], "fail");
    let rows: Vec<(&str, &str, u64)> = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let field = |key: &str| t[key].as_str().unwrap();
            // Several challenges: each is a task, numbered by its place.
            (
                field("name"),
                field("status"),
                t["task_id"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("week1/broken › doubles", "error", 1),
            ("week1/broken › doubles again", "error", 1),
            ("week1/shelf › ShelfTest.test_sorted", "pass", 2),
            ("week1/shelf › ShelfTest.test_without_duplicates", "fail", 2),
            ("week1/shelf › ShelfTest.test_catalogue", "pass", 2),
            ("week1/word-tools › counts words", "pass", 3),
            ("week1/word-tools › shouts", "fail", 3),
            ("week1/word-tools › rejects empty text", "pass", 3),
            ("week1/word-tools › splits on commas", "error", 3),
            ("week1/word-tools › chatty but right", "pass", 3),
            ("week1/word-tools › secret word", "fail", 3),
            ("week1/word-tools › counts two words", "pass", 3),
        ]
    );
    assert_eq!(
        text(&results, "week1/word-tools › shouts", "test_code"),
        "shout('hi')"
    );
    let message = text(&results, "week1/word-tools › shouts", "message");
    assert!(
        message.starts_with("value differs\nexpected: 'HI!'\nactual: 'HI'"),
        "{message}"
    );
    let message = text(&results, "week1/word-tools › splits on commas", "message");
    assert!(
        message.starts_with("RuntimeError: not finished: a,b\nTraceback"),
        "{message}"
    );
    assert_eq!(
        text(
            &results,
            "week1/shelf › ShelfTest.test_catalogue",
            "message"
        ),
        "skipped: needs the library's catalogue"
    );
    assert!(test(&results, "week1/word-tools › counts words")
        .get("message")
        .is_none());
    // What a case printed, cut to 500 characters with the interface's note.
    let output = text(&results, "week1/word-tools › chatty but right", "output");
    assert_eq!(output.chars().count(), 500, "{output}");
    assert!(
        output.starts_with("line 00: the quick brown fox\n"),
        "{output}"
    );
    assert!(
        output.ends_with("Output was truncated. Please limit to 500 chars"),
        "{output}"
    );
    // A hidden case: no code, no output, its verdict only.
    assert_eq!(
        test(&results, "week1/word-tools › secret word"),
        &json!({"name": "week1/word-tools › secret word", "status": "fail",
               "message": "value differs", "task_id": 3})
    );

    // One challenge: plain names and no task.
    let one = run(&["exercises/week1/word-tools", "--format", "exercism"]);
    let one = valid(&exercism_schema(), &one.stdout);
    assert_eq!(by_name(&one, "name")[0].0, "counts words");
    assert!(by_name(&one, "task_id").iter().all(|(_, id)| id.is_null()));

    // Passing.
    let passing = run(&[
        "exercises/week1/word-tools",
        "--submission",
        "solutions",
        "--format",
        "exercism",
    ]);
    assert_eq!(passing.code, 0, "{}", passing.stderr);
    let passing = valid(&exercism_schema(), &passing.stdout);
    assert_eq!(passing["status"], "pass");
    assert!(by_name(&passing, "status")
        .iter()
        .all(|(_, s)| *s == "pass"));

    // Not compiling: no test ran, and the message says why.
    let broken = run(&["exercises/week1/broken", "--format", "exercism"]);
    assert_eq!(broken.code, 1, "{}", broken.stderr);
    let broken = valid(&exercism_schema(), &broken.stdout);
    assert_eq!(broken["status"], "error");
    let message = broken["message"].as_str().unwrap();
    assert!(
        message.starts_with("exercises/week1/broken/solution.py: SyntaxError"),
        "{message}"
    );
    assert!(message.contains("return x *"), "{message}");
    assert!(by_name(&broken, "status")
        .iter()
        .all(|(_, s)| *s == "error"));
}

/// A challenge whose exercise.toml does not load is a test of its own,
/// named but not quoted (a spec error can quote the spec, hidden cases
/// included): the error is on stderr, the instructor's log.
#[test]
fn a_spec_that_does_not_load_is_named_not_quoted() {
    let repo = super::challenge_repo(
        "week1/good",
        &format!(
            "{}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n",
            super::HEADER
        ),
        "def f():\n    return 1\n",
    );
    let bad = repo.path().join("exercises/week1/bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(
        bad.join("exercise.toml"),
        format!(
            "{}[[test]]\nname = \"secret\"\nexpr = \"f()\"\nexpect = \"[1\"\nhidden = true\n",
            super::HEADER
        ),
    )
    .unwrap();
    std::fs::write(bad.join("solution.py"), "def f():\n    return 1\n").unwrap();
    for (format, schema, failed) in [
        ("gradescope", gradescope_schema(), "failed"),
        ("exercism", exercism_schema(), "error"),
    ] {
        let run = grade_in(repo.path(), &["--format", format]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("was never closed"), "{}", run.stderr);
        assert!(!run.stdout.contains("was never closed"), "{}", run.stdout);
        let results = valid(&schema, &run.stdout);
        let entry = test(&results, "week1/bad › exercise.toml");
        assert_eq!(entry["status"], failed);
        let words = entry[if format == "gradescope" {
            "output"
        } else {
            "message"
        }]
        .as_str()
        .unwrap();
        assert!(words.contains("its exercise.toml does not load"), "{words}");
        let passed = if format == "gradescope" {
            "passed"
        } else {
            "pass"
        };
        assert_eq!(test(&results, "week1/good › one")["status"], passed);
    }
}

/// A hidden case's code, expected value, value and output reach neither
/// format, in a run of its own or through --output; --reveal shows them
/// (the markers are there to be found).
#[test]
fn hidden_cases_show_nothing_but_their_verdict() {
    let dir = tempfile::tempdir().expect("tempdir");
    for format in ["gradescope", "exercism"] {
        let file = dir.path().join(format!("{format}.json"));
        let stdout = run(&["--format", format]).stdout;
        run(&["--format", format, "--output", file.to_str().unwrap()]);
        let written = std::fs::read_to_string(&file).unwrap();
        for text in [&stdout, &written] {
            for marker in HIDDEN_MARKERS {
                assert!(!text.contains(marker), "{format} shows {marker}:\n{text}");
            }
        }
        let revealed = run(&["--format", format, "--reveal"]).stdout;
        for marker in ["hidden-code-4b2d", "hidden-expected-7c1e", "hidden-actual-"] {
            assert!(
                revealed.contains(marker),
                "{format} --reveal lacks {marker}"
            );
        }
    }
}

/// Gradescope's execution time varies from run to run.
fn stable(text: &str) -> String {
    regex::Regex::new(r#""execution_time": [0-9.e-]+"#)
        .unwrap()
        .replace(text, r#""execution_time": "[s]""#)
        .into_owned()
}

#[test]
fn gradescope_report_snapshot() {
    let run = run(&["--format", "gradescope"]);
    insta::assert_snapshot!("platforms_gradescope", stable(&run.stdout));
}

#[test]
fn exercism_report_snapshot() {
    let run = run(&["--format", "exercism"]);
    insta::assert_snapshot!("platforms_exercism", run.stdout);
}

/// A results.json describes one submission: a class is refused, when
/// grading and when merging, with one message and exit code 2.
#[test]
fn a_class_is_refused_with_one_message() {
    let class = tempfile::tempdir().expect("tempdir");
    for learner in ["ada", "bo"] {
        copy_tree(
            &fixture("platforms").join("solutions"),
            &class.path().join(learner),
        );
    }
    let class_arg = class.path().to_str().unwrap();
    let part = class.path().join("class.json");
    run(&[
        "--class",
        class_arg,
        "--format",
        "json",
        "--output",
        part.to_str().unwrap(),
    ]);
    for format in ["gradescope", "exercism"] {
        for args in [
            vec!["--class", class_arg, "--format", format],
            vec!["merge", part.to_str().unwrap(), "--format", format],
        ] {
            let refused = grade_in(&fixture("platforms"), &args);
            assert_eq!(refused.code, 2, "{args:?}: {}", refused.stdout);
            assert!(
                refused.stderr.contains(&format!(
                    "--format {format} writes the results.json of one submission, not of a class"
                )),
                "{}",
                refused.stderr
            );
            assert_eq!(refused.stdout, "");
        }
    }
    let misplaced = grade_in(
        &fixture("platforms"),
        &["--format", "exercism", "--gradescope-hidden", "hidden"],
    );
    assert_eq!(misplaced.code, 2);
    assert!(
        misplaced
            .stderr
            .contains("--gradescope-hidden applies to --format gradescope"),
        "{}",
        misplaced.stderr
    );
}

/// `examples/gradescope/run_autograder`, run as Gradescope runs it: from
/// a folder laid out like /autograder (`source/` holding the zip's
/// contents, `submission/` the student's files), `grade` on the PATH as
/// setup.sh installs it.
fn run_autograder(submission: &Path, env: &[(&str, &str)]) -> (Value, String) {
    let root = tempfile::tempdir().expect("tempdir");
    let source = root.path().join("source");
    copy_tree(&fixture("platforms"), &source.join("course"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gradescope/run_autograder");
    std::fs::copy(&script, source.join("run_autograder")).unwrap();
    copy_tree(submission, &root.path().join("submission"));
    let bin = root.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_grade"), bin.join("grade")).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new(source.join("run_autograder"))
        .current_dir(root.path())
        .env("AUTOGRADER_ROOT", root.path())
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .expect("run_autograder runs");
    let log = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{log}");
    let results = std::fs::read_to_string(root.path().join("results/results.json"))
        .unwrap_or_else(|e| panic!("no results.json ({e}):\n{log}"));
    // Tracebacks name the student's file where Gradescope would have it.
    let results = results.replace(root.path().to_str().unwrap(), "/autograder");
    (valid(&gradescope_schema(), &results), log)
}

#[test]
fn the_gradescope_example_grades_every_submission_layout() {
    let course = fixture("platforms");
    let layouts = tempfile::tempdir().expect("tempdir");

    // The student's practice repo, as a GitHub submission holds it: the
    // same results as grading it directly.
    let repo = layouts.path().join("repo");
    copy_tree(&course.join("exercises"), &repo.join("exercises"));
    let (results, log) = run_autograder(&repo, &[]);
    let direct = run(&["--format", "gradescope"]).stdout;
    let direct = direct.replace("exercises/week1", "/autograder/submission/exercises/week1");
    let direct = valid(&gradescope_schema(), &direct);
    assert_eq!(results["tests"], direct["tests"], "{log}");
    assert_eq!(results["score"], 5);
    let text = results.to_string();
    for marker in HIDDEN_MARKERS {
        assert!(!text.contains(marker), "{marker} in {text}");
    }
    // The log holds the human report, for the instructor.
    assert!(log.contains("Summary:"), "{log}");

    // A tree mirroring exercises/, hidden results never shown.
    let (results, log) = run_autograder(
        &course.join("solutions"),
        &[("GRADESCOPE_HIDDEN", "hidden")],
    );
    assert_eq!(results["score"], 12, "{log}");
    let hidden: Vec<&Value> = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["visibility"] == "hidden")
        .collect();
    assert_eq!(hidden.len(), 3, "{results}");

    // Loose files for an assignment of one challenge.
    let loose = layouts.path().join("loose");
    copy_tree(&course.join("solutions/week1/word-tools"), &loose);
    let (results, log) = run_autograder(&loose, &[("ASSIGNMENT", "exercises/week1/word-tools")]);
    assert_eq!(results["score"], 8, "{log}");
    assert_eq!(results["tests"][0]["name"], "counts words");

    // grade could not run (a mistyped assignment): a results.json that says
    // so, and the reason in the instructor's log only.
    let (results, log) = run_autograder(&loose, &[("ASSIGNMENT", "exercises/week9")]);
    assert_eq!(results["score"], 0);
    assert_eq!(results["tests"], json!([]));
    let output = results["output"].as_str().unwrap();
    assert!(
        output.contains("could not grade this submission (grade exited with code 2)"),
        "{output}"
    );
    assert!(log.contains("week9"), "{log}");
}

/// The scripts a teacher uploads are valid shell.
#[test]
fn the_gradescope_scripts_parse() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gradescope");
    for script in ["setup.sh", "run_autograder"] {
        let status = std::process::Command::new("bash")
            .arg("-n")
            .arg(dir.join(script))
            .status()
            .expect("bash runs");
        assert!(status.success(), "{script}");
    }
}
