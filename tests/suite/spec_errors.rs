//! A broken exercise.toml is one clear message naming file, line and column,
//! exit code 2, never a panic.

use std::path::Path;

use super::{challenge_repo, grade_in, json, HEADER};

/// A one-challenge repo whose exercise.toml is `spec`.
fn repo_with_spec(spec: &str) -> tempfile::TempDir {
    challenge_repo("week1/broken", spec, "def f():\n    return 1\n")
}

fn assert_spec_error(spec: &str, line: usize, needle: &str) {
    let repo = repo_with_spec(spec);
    let run = grade_in(repo.path(), &[]);
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let location = Path::new("exercises/week1/broken/exercise.toml");
    assert!(
        run.stderr
            .contains(&format!("{}:{line}:", location.display())),
        "expected line {line} in: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(needle),
        "expected `{needle}` in: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        run.stderr.trim().lines().count(),
        1,
        "one message: {}",
        run.stderr
    );
}

#[test]
fn unknown_key() {
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpekt = \"1\"\n"),
        9,
        "unknown field `expekt`",
    );
}

#[test]
fn duplicate_case_name() {
    let case = "[[test]]\nname = \"same\"\nexpr = \"f()\"\nexpect = \"1\"\n\n";
    assert_spec_error(
        &format!("{HEADER}{case}{case}"),
        12,
        "duplicate case name `same`",
    );
}

#[test]
fn expect_and_raises_contradict() {
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpect = \"1\"\nraises = \"ValueError\"\n"),
        9,
        "exclude each other",
    );
}

#[test]
fn expect_that_is_not_a_literal() {
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpect = \"[1, 2\"\n"),
        9,
        "not a Python literal",
    );
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpect = \"foo(1)\"\n"),
        9,
        "not a Python literal",
    );
}

#[test]
fn match_without_raises() {
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f()\"\nexpect = \"1\"\nmatch = \"x\"\n"),
        10,
        "needs `raises`",
    );
}

#[test]
fn unknown_topic() {
    assert_spec_error("[exercise]\ntitle = \"t\"\ntopic = \"lambdas\"\ndifficulty = 1\n[[test]]\nname = \"a\"\nexpr = \"1\"\nexpect = \"1\"\n", 3, "unknown topic `lambdas`");
}

#[test]
fn toml_syntax_error() {
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\nexpr = \"f()\"\n"),
        7,
        "",
    );
}

#[test]
fn a_missing_test_file_is_named() {
    assert_spec_error(
        "[exercise]\ntitle = \"t\"\ntopic = \"functions\"\ndifficulty = 1\ntest_files = [\"a_test.py\"]\n",
        5,
        "a_test.py: No such file",
    );
}

#[test]
fn every_broken_spec_is_reported() {
    let repo = repo_with_spec("[exercise]\ntitle = 1\n");
    let second = repo.path().join("exercises/week1/also-broken");
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(second.join("exercise.toml"), "[exercise]\nfoo = 1\n").unwrap();
    let run = grade_in(repo.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("broken/exercise.toml:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("also-broken/exercise.toml:2:"),
        "{}",
        run.stderr
    );
}

/// The instructor's Python is compiled when the spec loads: a typo is a
/// spec error, never an `error` charged to the learner.
#[test]
fn setup_that_does_not_compile() {
    assert_spec_error(
        &format!(
            "{HEADER}[[test]]\nname = \"a\"\nsetup = \"x = = 1\"\nexpr = \"f()\"\nexpect = \"1\"\n"
        ),
        8,
        "the `setup` of case `a` does not compile: invalid syntax (line 1, column 5 of the setup)",
    );
}

#[test]
fn expr_that_does_not_compile() {
    assert_spec_error(
        &format!("{HEADER}[[test]]\nname = \"a\"\nexpr = \"f(\"\nexpect = \"1\"\n"),
        8,
        "the `expr` of case `a` does not compile",
    );
}

/// Top-level await is allowed in setup and expr.
#[test]
fn awaiting_code_compiles() {
    let repo = repo_with_spec(&format!(
        "{HEADER}[[test]]\nname = \"a\"\nsetup = \"import asyncio\\nawait asyncio.sleep(0)\"\nexpr = \"f()\"\nexpect = \"1\"\n"
    ));
    let run = grade_in(repo.path(), &[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
}

/// One broken exercise.toml does not stop the run: it is an entry of its
/// own in every format (file:line:column and why), the other challenges
/// are graded, and the exit code is 2.
#[test]
fn a_broken_spec_beside_good_ones_is_reported_in_every_format() {
    let repo = challenge_repo(
        "good",
        &format!(
            "{}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n",
            HEADER
        ),
        "def f():\n    return 1\n",
    );
    let broken = repo.path().join("exercises/bad");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("exercise.toml"),
        format!(
            "{}[[test]]\nname = \"x\"\nexpr = \"f(\"\nexpect = \"1\"\n",
            HEADER
        ),
    )
    .unwrap();
    std::fs::write(broken.join("solution.py"), "def f():\n    return 1\n").unwrap();
    let where_ = "exercises/bad/exercise.toml:8:8: the `expr` of case `x` does not compile";
    let human = grade_in(repo.path(), &[]);
    assert_eq!(human.code, 2, "{}", human.stderr);
    assert!(
        human.stdout.contains("bad  exercise.toml does not load"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains(where_), "{}", human.stdout);
    assert!(
        human.stdout.contains("✓ one"),
        "the good challenge is graded: {}",
        human.stdout
    );
    assert!(human.stderr.contains(where_), "{}", human.stderr);
    let as_json = grade_in(repo.path(), &["--format", "json"]);
    assert_eq!(as_json.code, 2);
    let report = json(&as_json);
    let challenges = report["submissions"][0]["challenges"].as_array().unwrap();
    assert_eq!(challenges.len(), 2);
    assert!(
        challenges[0]["broken"].as_str().unwrap().contains(where_),
        "{report}"
    );
    assert_eq!(challenges[1]["cases"][0]["status"], "pass");
    for (format, shown) in [
        ("junit", "type=\"broken spec\""),
        ("github", "title=bad › exercise.toml does not load"),
        ("csv", "learner,bad,good,total,max"),
    ] {
        let run = grade_in(repo.path(), &["--format", format]);
        assert_eq!(run.code, 2, "{format}");
        assert!(run.stdout.contains(shown), "{format}: {}", run.stdout);
        if format != "csv" {
            assert!(run.stdout.contains(where_), "{format}: {}", run.stdout);
        }
    }
}

/// A challenge in a folder whose name is not UTF-8 is a broken entry saying
/// so, not a learner file reported missing; a repo whose own path is not
/// UTF-8 grades as any other.
#[test]
fn a_challenge_folder_not_in_utf8_is_named_as_the_problem() {
    use std::os::unix::ffi::OsStrExt;
    let spec = format!("{HEADER}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n");
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join(std::ffi::OsStr::from_bytes(b"repo\xff"));
    for challenge in ["exercises/good".as_bytes(), b"exercises/w\xfe/c"] {
        let dir = root.join(std::ffi::OsStr::from_bytes(challenge));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("exercise.toml"), &spec).unwrap();
        std::fs::write(dir.join("solution.py"), "def f():\n    return 1\n").unwrap();
    }
    let run = grade_in(&root, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stdout.contains("good  t · functions ★☆☆  1/1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the challenge's folder name is not valid UTF-8: rename the folder"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("is missing"), "{}", run.stdout);
}
