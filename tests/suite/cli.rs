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

/// A scratch copy of the basic fixture, for commands that write.
fn scratch_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(fixture("basic").join("exercises"))
        .arg(fixture("basic").join("solutions"))
        .arg(dir.path())
        .status()
        .expect("cp");
    assert!(status.success());
    dir
}

#[test]
fn list_shows_progress() {
    let repo = scratch_repo();
    let run = grade_in(repo.path(), &["list", "exercises/verdicts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("verdicts/custom-file"),
        "{}",
        run.stdout
    );
    let custom = run
        .stdout
        .lines()
        .find(|l| l.starts_with("verdicts/custom-file"))
        .unwrap();
    assert!(
        custom.contains("2/2") && custom.ends_with("done"),
        "{custom}"
    );
    let broken = run
        .stdout
        .lines()
        .find(|l| l.starts_with("verdicts/broken-syntax"))
        .unwrap();
    assert!(broken.ends_with("to do"), "{broken}");
    assert!(
        run.stdout.contains("1 of 5 challenges done · "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\nnext: verdicts/"), "{}", run.stdout);
    // The whole course: totals per week, from the results recorded in the
    // repo's .grade/ folder (which git ignores).
    let whole = grade_in(repo.path(), &["list"]);
    assert!(
        whole
            .stdout
            .lines()
            .any(|l| l.starts_with("checks ") && l.contains(" done · ")),
        "{}",
        whole.stdout
    );
    let recorded = std::fs::read_dir(repo.path().join(".grade/results"))
        .unwrap()
        .count();
    assert!(recorded >= 5, "{recorded}");
    assert_eq!(grade_in(repo.path(), &["list"]).stdout, whole.stdout);
}

#[test]
fn hints_come_one_at_a_time() {
    let repo = scratch_repo();
    let spec = repo.path().join("exercises/checks/values/exercise.toml");
    let first = grade_in(repo.path(), &["hint", "values"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("hint 1 of 2: Read the statement."),
        "{}",
        first.stdout
    );
    assert!(!first.stdout.contains("hint 2 of 2"));
    let second = grade_in(repo.path(), &["hint", "checks/values"]);
    assert!(
        second.stdout.contains("hint 2 of 2: Return plain data."),
        "{}",
        second.stdout
    );
    assert!(second.stdout.contains("last hint"));
    assert!(spec.is_file());
    let unknown = grade_in(repo.path(), &["hint", "no-such-challenge"]);
    assert_eq!(unknown.code, 2);
    // Any path form grading accepts names the challenge too.
    for path in [
        "exercises/checks/values",
        "exercises/checks/values/",
        "exercises/checks/values/solution.py",
    ] {
        let run = grade_in(repo.path(), &["hint", path]);
        assert!(
            run.stdout.contains("hint 2 of 2: Return plain data."),
            "{path}: {}{}",
            run.stdout,
            run.stderr
        );
    }
    // The JSON report counts the hints seen.
    let report = json(&grade_in(
        repo.path(),
        &["--format", "json", "exercises/checks/values"],
    ));
    assert_eq!(
        report["submissions"][0]["challenges"][0]["hints_seen"], 2,
        "{report}"
    );
    let inside = grade_in(&repo.path().join("exercises/checks/values"), &["hint", "."]);
    assert!(inside.stdout.contains("hint 2 of 2"), "{}", inside.stderr);
    let typo = grade_in(repo.path(), &["hint", "checks/valeus"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr
            .contains("no challenge named `checks/valeus`: did you mean `checks/values`?"),
        "{}",
        typo.stderr
    );
}

/// `grade` run anywhere in a practice repo finds it, as git does: inside
/// `exercises/` it grades the folder it is run from, elsewhere the whole
/// course.
#[test]
fn grade_finds_the_repo_from_inside_it() {
    let repo = scratch_repo();
    let whole = grade_in(repo.path(), &["--format", "json"]);
    let count = |run: &super::Run| {
        json(run)["submissions"][0]["challenges"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let all = count(&whole);
    assert!(all > 1);
    std::fs::create_dir_all(repo.path().join("notes/deep")).unwrap();
    let from_elsewhere = grade_in(&repo.path().join("notes/deep"), &["--format", "json"]);
    assert_eq!(count(&from_elsewhere), all, "{}", from_elsewhere.stderr);
    let week = grade_in(&repo.path().join("exercises/checks"), &["--format", "json"]);
    let paths: Vec<String> = json(&week)["submissions"][0]["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !paths.is_empty() && paths.iter().all(|p| p.starts_with("checks/")),
        "{paths:?}"
    );
}

#[test]
fn watch_regrades_a_saved_file() {
    use std::io::{BufRead, BufReader};
    let repo = scratch_repo();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(["watch", "exercises/verdicts/broken-syntax"])
        .current_dir(repo.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("grade watch starts");
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = received.recv_timeout(std::time::Duration::from_millis(200)) {
                if line.contains(needle) {
                    return true;
                }
            }
        }
        false
    };
    // Piped: no keys, a separator between screens, the same screens.
    assert!(wait_for("does not compile"));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        repo.path()
            .join("exercises/verdicts/broken-syntax/solution.py"),
        "def f():\n    return 1\n",
    )
    .unwrap();
    let regraded = wait_for("✓ verdicts/broken-syntax passes: every challenge here is done");
    let _ = child.kill();
    let _ = child.wait();
    assert!(regraded, "saving the file did not re-grade it");
}

/// `grade | head`: a reader that stops reading does not change the run's
/// exit code (0 when every case passed, 1 when one failed).
#[test]
fn a_closed_pipe_keeps_the_run_s_exit_code() {
    let run = |solution: &str| {
        let repo = super::challenge_repo(
            "c",
            &format!(
                "{}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n\n[[test]]\nname = \"two\"\nexpr = \"f() + 1\"\nexpect = \"2\"\n",
                super::HEADER
            ),
            solution,
        );
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
            .current_dir(repo.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // The reader is gone before grade writes a byte.
        drop(child.stdout.take());
        child.wait().unwrap().code()
    };
    assert_eq!(run("def f():\n    return 1\n"), Some(0));
    assert_eq!(run("def f():\n    return 2\n"), Some(1));
}

/// A class in the human report: each learner's total after their reports,
/// the class at a glance at the end, and a learner's misnamed folder said
/// on stderr (with the challenge meant) instead of a silent zero.
#[test]
fn a_class_report_totals_each_learner_and_names_misnamed_folders() {
    let repo = super::challenge_repo(
        "week1/sum",
        &format!(
            "{}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n",
            super::HEADER
        ),
        "def f():\n    raise NotImplementedError\n",
    );
    let class = tempfile::tempdir().unwrap();
    for (learner, folder, body) in [
        ("ann", "week1/sum", "return 1"),
        ("bob", "week1/summ", "return 1"),
    ] {
        let dir = class.path().join(learner).join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("solution.py"), format!("def f():\n    {body}\n")).unwrap();
    }
    let run = grade_in(repo.path(), &["--class", class.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    for shown in [
        "ann: 1/1 points, 1 of 1 challenges complete",
        "bob: 0/1 points, 0 of 1 challenges complete",
        "Learners:\n  ann      1/1     1/1 complete\n  bob      0/1     0/1 complete",
    ] {
        assert!(run.stdout.contains(shown), "{shown}\n{}", run.stdout);
    }
    assert!(
        run.stderr.contains("bob/week1/summ holds Python files but is no challenge of the course: not graded (did you mean week1/sum?)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("ann/"), "{}", run.stderr);
}

/// `--output` onto a file the run reads (a learner file, a spec, a
/// reference) is refused before anything is written.
#[test]
fn output_onto_an_input_is_refused_and_nothing_is_overwritten() {
    let solution = "def f():\n    return 1\n";
    let repo = super::challenge_repo(
        "w/c",
        &format!(
            "{}[[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n",
            super::HEADER
        ),
        solution,
    );
    for target in [
        "exercises/w/c/solution.py",
        "exercises/w/c/exercise.toml",
        "exercises/w/c/new-report.json",
    ] {
        let before = std::fs::read_to_string(repo.path().join(target)).ok();
        let run = grade_in(repo.path(), &["--format", "json", "--output", target]);
        assert_eq!(run.code, 2, "{target}: {}", run.stderr);
        assert!(
            run.stderr.contains("which this run reads"),
            "{}",
            run.stderr
        );
        assert_eq!(
            std::fs::read_to_string(repo.path().join(target)).ok(),
            before,
            "{target} was written"
        );
    }
    let run = grade_in(
        repo.path(),
        &["--format", "json", "--output", "report.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(repo.path().join("report.json").is_file());
}
