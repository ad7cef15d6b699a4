//! The guarantees of SPEC §4, one class of attack at a time (issue 9): each
//! test is an attack a learner who controls only their solution files
//! could try, and the verdict or the harm that must not follow.

use std::os::unix::fs::symlink;

use super::{challenge_repo, grade_in, json, HEADER};

/// A repo of `files` (path, content).
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, content) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// (name, status, message) of every case of a JSON report.
fn cases(report: &serde_json::Value) -> Vec<(String, String, String)> {
    report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["challenges"].as_array().unwrap().iter())
        .flat_map(|c| c["cases"].as_array().unwrap().iter())
        .map(|case| {
            (
                case["name"].as_str().unwrap().to_owned(),
                case["status"].as_str().unwrap().to_owned(),
                case["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn case_spec(name: &str, expr: &str, expect: &str, hidden: bool) -> String {
    format!("\n[[test]]\nname = \"{name}\"\nexpr = '''{expr}'''\nexpect = \"{expect}\"\nhidden = {hidden}\n")
}

// ---------------------------------------------------------------------------
// 1. Learner files are read as the learner could: no links, no giant files.

#[test]
fn a_solution_linked_to_the_reference_is_refused() {
    let spec = format!("{HEADER}{}", case_spec("adds", "add(2, 3)", "5", false));
    let dir = repo(&[
        ("exercises/w/add/exercise.toml", &spec),
        (
            "solutions/w/add/solution.py",
            "def add(a, b):\n    return a + b\n",
        ),
    ]);
    symlink(
        "../../../solutions/w/add/solution.py",
        dir.path().join("exercises/w/add/solution.py"),
    )
    .unwrap();
    let run = grade_in(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = cases(&json(&run));
    assert_eq!(found[0].1, "invalid", "{found:?}");
    assert!(found[0].2.contains("symbolic link"), "{found:?}");
}

#[test]
fn an_extra_file_linked_to_the_spec_shows_nothing_of_it() {
    let secret = "hidden-spec-secret-81fa";
    let spec = format!(
        "{HEADER}extra_files = [\"helper.py\"]\n{}{}",
        case_spec("visible", "f()", "1", false),
        case_spec("secret", "f()", &format!("'{secret}'"), true)
    );
    let dir = repo(&[
        ("exercises/w/c/exercise.toml", &spec),
        (
            "exercises/w/c/solution.py",
            "import helper\ndef f():\n    return 1\n",
        ),
    ]);
    symlink("exercise.toml", dir.path().join("exercises/w/c/helper.py")).unwrap();
    for format in ["human", "json", "junit", "github"] {
        let run = grade_in(dir.path(), &["--format", format]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stdout.contains(secret), "{format}: {}", run.stdout);
        assert!(
            run.stdout.contains("symbolic link"),
            "{format}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_class_member_cannot_submit_another_learners_tree() {
    let spec = format!("{HEADER}{}", case_spec("answer", "f()", "42", false));
    let dir = repo(&[
        ("exercises/w/c/exercise.toml", &spec),
        (
            "exercises/w/c/solution.py",
            "def f():\n    raise NotImplementedError\n",
        ),
        ("class/honest/w/c/solution.py", "def f():\n    return 42\n"),
    ]);
    std::fs::create_dir_all(dir.path().join("class/copier")).unwrap();
    symlink("../honest/w", dir.path().join("class/copier/w")).unwrap();
    let run = grade_in(dir.path(), &["--class", "class", "--format", "json"]);
    let report = json(&run);
    let by_learner: Vec<(String, String)> = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["learner"].as_str().unwrap().to_owned(),
                s["challenges"][0]["cases"][0]["status"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        by_learner,
        [
            ("copier".to_owned(), "invalid".to_owned()),
            ("honest".to_owned(), "pass".to_owned())
        ]
    );
}

#[test]
fn a_link_to_a_system_file_prints_none_of_it() {
    let spec = format!("{HEADER}{}", case_spec("c", "f()", "1", false));
    let dir = repo(&[("exercises/w/c/exercise.toml", &spec)]);
    symlink("/etc/passwd", dir.path().join("exercises/w/c/solution.py")).unwrap();
    let run = grade_in(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stdout.contains("root:"), "{}", run.stdout);
}

#[test]
fn a_giant_source_is_refused_before_it_is_copied() {
    let spec = format!("{HEADER}{}", case_spec("c", "f()", "1", false));
    let dir = repo(&[("exercises/w/c/exercise.toml", &spec)]);
    let file = std::fs::File::create(dir.path().join("exercises/w/c/solution.py")).unwrap();
    // Sparse: 150 MiB that costs no disk.
    file.set_len(150 << 20).unwrap();
    let run = grade_in(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let found = cases(&json(&run));
    assert_eq!(found[0].1, "invalid");
    assert!(found[0].2.contains("too large"), "{found:?}");
}

// ---------------------------------------------------------------------------
// 2. The grader's environment does not reach learner code; UTF-8 works.

#[test]
fn learner_code_sees_a_fixed_environment_and_prints_unicode() {
    let spec = format!(
        "{HEADER}{}\n[[test]]\nname = \"café\"\nexpr = \"greet()\"\nstdout = \"café ☕\"\n",
        case_spec(
            "environment",
            "sorted(k for k in os.environ if k not in ('PATH', 'LANG', 'LC_ALL', 'HOME', 'TMPDIR'))",
            "[]",
            false
        )
    );
    let repo = challenge_repo(
        "w/env",
        &spec,
        "import os\n\ndef greet():\n    print('café ☕')\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(["--format", "json"])
        .current_dir(repo.path())
        .env("GRADE_TEST_SECRET", "ci-token-5e1d")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains("ci-token-5e1d"), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for (name, status, message) in cases(&report) {
        assert_eq!(status, "pass", "{name}: {message}\n{stdout}");
    }
}

// ---------------------------------------------------------------------------
// 3. What a child sends can do no more than the learner's own code.

/// Learner code that writes frames of its own with the harness's token.
const FORGER: &str = r#"
import json, os, sys

def token():
    return sys.modules["_grade_harness"]._TOKEN

def frame(tag, payload):
    sys.stdout.flush()
    os.write(3, token() + tag + payload.encode() + b"\n")

def forge_next_case():
    # A pass for the case after this one, sent while this one runs.
    frame(b"R", json.dumps({"case": 1, "seconds": 0.0, "outcome": {"Value": ["int", "42"]}}))
    return 0

def forge_failure():
    frame(b"F", json.dumps("FORGED-FAILURE-MESSAGE"))
    return 1

def forge_time():
    frame(b"R", json.dumps({"case": 0, "seconds": 1e300, "outcome": {"Value": ["int", "1"]},
                            "peak_bytes": None, "best_seconds": 1e300}))
    return 1

def honest():
    return 7
"#;

#[test]
fn a_forged_result_answers_no_case_but_its_own() {
    let spec = format!(
        "{HEADER}{}{}",
        case_spec("forger", "forge_next_case()", "0", false),
        case_spec("the next case", "honest()", "42", false),
    );
    let repo = challenge_repo("w/forge", &spec, FORGER);
    let run = grade_in(repo.path(), &["--format", "json"]);
    let found = cases(&json(&run));
    assert_eq!(found[0].1, "crash", "{found:?}");
    assert!(
        found[0].2.contains("does not belong to this case"),
        "{found:?}"
    );
    assert_ne!(found[1].1, "pass", "the forged answer counted: {found:?}");
}

#[test]
fn a_forged_failure_is_the_case_s_crash_not_the_run_s() {
    let spec = format!(
        "{HEADER}{}{}",
        case_spec("forger", "forge_failure()", "1", false),
        case_spec("after it", "honest()", "7", false),
    );
    let dir = repo(&[
        ("exercises/w/forge/exercise.toml", &spec),
        (
            "exercises/w/forge/solution.py",
            "def honest():\n    return 7\n",
        ),
        ("class/attacker/w/forge/solution.py", FORGER),
        ("class/honest/w/forge/solution.py", FORGER),
    ]);
    std::fs::write(
        dir.path().join("class/honest/w/forge/solution.py"),
        "def forge_failure():\n    return 1\ndef honest():\n    return 7\n",
    )
    .unwrap();
    let run = grade_in(dir.path(), &["--class", "class", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("FORGED"), "{}", run.stderr);
    assert!(!run.stdout.contains("FORGED"), "{}", run.stdout);
    let found = cases(&json(&run));
    let statuses: Vec<&str> = found.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(statuses, ["crash", "pass", "pass", "pass"], "{found:?}");
}

#[test]
fn a_forged_duration_breaks_no_report() {
    let spec = format!("{HEADER}{}", case_spec("time", "forge_time()", "1", false));
    let repo = challenge_repo("w/forge", &spec, FORGER);
    for format in ["junit", "json", "human"] {
        let run = grade_in(repo.path(), &["--format", format]);
        assert!(run.code <= 1, "{format}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{format}: {}", run.stderr);
    }
}

// ---------------------------------------------------------------------------
// 4. `raises` matches class identity.

const IMPOSTORS: &str = r#"
class TypeError(Exception):
    pass
TypeError.__module__ = "builtins"

import builtins
class Everything(KeyError, builtins.TypeError, ZeroDivisionError, ValueError, AttributeError):
    pass

def fake():
    raise TypeError("looks like one")

def omni():
    raise Everything("is a bit of everything")
"#;

#[test]
fn an_exception_named_like_a_builtin_is_not_one() {
    let mut spec = String::from(HEADER);
    for (name, expr, raises) in [
        ("fake TypeError", "fake()", "TypeError"),
        ("many bases, TypeError", "omni()", "TypeError"),
        ("many bases, KeyError", "omni()", "KeyError"),
        ("many bases, ValueError", "omni()", "ValueError"),
        ("many bases, Exception", "omni()", "Exception"),
    ] {
        spec +=
            &format!("\n[[test]]\nname = \"{name}\"\nexpr = \"{expr}\"\nraises = \"{raises}\"\n");
    }
    let repo = challenge_repo("w/raises", &spec, IMPOSTORS);
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    let statuses: Vec<&str> = found.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(
        statuses,
        ["fail", "fail", "fail", "fail", "pass"],
        "{found:?}"
    );
}

#[test]
fn a_module_that_raises_at_import_satisfies_no_case() {
    let mut spec = String::from(HEADER);
    for name in ["visible", "hidden"] {
        spec += &format!(
            "\n[[test]]\nname = \"{name}\"\nexpr = \"f()\"\nraises = \"TypeError\"\nhidden = {}\n",
            name == "hidden"
        );
    }
    let repo = challenge_repo("w/raises", &spec, "raise TypeError('at import')\n");
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    assert_eq!(found[0].1, "error", "{found:?}");
    assert!(
        found[0].2.starts_with("the module failed to load"),
        "{found:?}"
    );
    assert_eq!(found[1].1, "error", "{found:?}");
}

// ---------------------------------------------------------------------------
// 5. Measurements are the kernel's, read from outside the learner's process.

#[test]
fn tampering_with_in_process_meters_does_not_lower_the_peak() {
    let spec = format!(
        "{HEADER}timeout_ms = 10000\n\n[[test]]\nname = \"squares\"\nexpr = \"total(300_000)\"\nexpect = \"8999955000050000\"\nmax_peak_kb = 4096\n"
    );
    let solution = r#"
import os, sys

def total(n):
    for name in ("_tracemalloc", "tracemalloc"):
        module = sys.modules.get(name)
        if module is not None:
            module.stop()
    harness = sys.modules["_grade_harness"]
    for name in dir(harness):
        if "perf" in name or "trace" in name:
            setattr(harness, name, lambda *a: 0)
    squares = [x * x for x in range(n)]
    return sum(squares)
"#;
    let repo = challenge_repo("w/peak", &spec, solution);
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    assert_eq!(found[0].1, "fail", "{found:?}");
    assert!(found[0].2.starts_with("memory peak"), "{found:?}");
}

#[test]
fn memory_kept_in_a_subprocess_counts() {
    let spec = format!(
        "{HEADER}timeout_ms = 10000\n\n[[test]]\nname = \"squares\"\nexpr = \"total(300_000)\"\nexpect = \"8999955000050000\"\nmax_peak_kb = 4096\n"
    );
    let solution = r#"
import os

def total(n):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        squares = [x * x for x in range(n)]
        os.write(write, str(sum(squares)).encode())
        os._exit(0)
    os.close(write)
    answer = b""
    while chunk := os.read(read, 100):
        answer += chunk
    os.waitpid(pid, 0)
    return int(answer)
"#;
    let repo = challenge_repo("w/peak", &spec, solution);
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    assert_eq!(found[0].1, "fail", "{found:?}");
    assert!(found[0].2.starts_with("memory peak"), "{found:?}");
}

// ---------------------------------------------------------------------------
// 6. Hidden cases: never beside a visible child, nothing left in memory.

/// With two workers and the whole class at once, no hidden case starts
/// before the last visible case of anyone ended.
#[test]
fn hidden_cases_start_after_every_visible_case_of_the_class() {
    let spec = format!(
        "{HEADER}{}{}",
        case_spec("visible", "stamp(0.3)", "True", false),
        case_spec("hidden", "stamp(0)", "True", true),
    );
    let solution = "import time\n\ndef stamp(pause):\n    print('start', time.time())\n    time.sleep(pause)\n    print('end', time.time())\n    return True\n";
    let mut files = vec![("exercises/w/c/exercise.toml".to_owned(), spec)];
    for learner in ["a", "b", "c"] {
        files.push((
            format!("class/{learner}/w/c/solution.py"),
            solution.to_owned(),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    let dir = repo(&files);
    std::fs::write(dir.path().join("exercises/w/c/solution.py"), solution).unwrap();
    let run = grade_in(
        dir.path(),
        &[
            "--class", "class", "--format", "json", "--reveal", "-j", "2",
        ],
    );
    let report = json(&run);
    let mut last_visible_end = 0f64;
    let mut first_hidden_start = f64::MAX;
    for submission in report["submissions"].as_array().unwrap() {
        for case in submission["challenges"][0]["cases"].as_array().unwrap() {
            let stdout = case["stdout"].as_str().unwrap();
            let stamp = |word: &str| -> f64 {
                stdout
                    .lines()
                    .find_map(|l| l.strip_prefix(word))
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap()
            };
            if case["hidden"].as_bool().unwrap() {
                first_hidden_start = first_hidden_start.min(stamp("start "));
            } else {
                last_visible_end = last_visible_end.max(stamp("end "));
            }
        }
    }
    assert!(
        first_hidden_start >= last_visible_end,
        "a hidden case started at {first_hidden_start}, before a visible one ended at {last_visible_end}"
    );
}

/// What one child wrote (a hidden case's traceback, another challenge's
/// output) is nowhere in the memory a later child inherits.
#[test]
fn a_later_child_finds_no_earlier_child_s_bytes_in_its_memory() {
    let secret = "relayed-secret-3b7d";
    let earlier = format!(
        "{HEADER}{}",
        case_spec(
            "prints and raises",
            &format!("leak('{secret}')"),
            "1",
            false
        )
    );
    // Each crash takes a fresh child: the last ones are forked after the
    // earlier challenge's bytes went through the zygote.
    let mut later = String::from(HEADER);
    for i in 0..6 {
        later += &case_spec(&format!("crash {i}"), "os._exit(1)", "0", false);
    }
    later += &case_spec("scans", "scan()", "0", false);
    // Split so that the scanner's own source does not hold the secret.
    let scanner = format!(
        r#"
import ctypes, os

MARK = {first:?} + {second:?}

def readable(address, pipe):
    # A write copies the page into the pipe: EFAULT, not a crash, where
    # nothing is mapped.
    try:
        os.write(pipe[1], (ctypes.c_char * 4096).from_address(address))
    except OSError:
        return False
    os.read(pipe[0], 4096)
    return True

def scan():
    libc = ctypes.CDLL(None)
    libc.sbrk.restype = ctypes.c_void_p
    end = libc.sbrk(0)
    null = os.pipe()
    page = (end - 4096) & ~4095
    found = 0
    mark = MARK.encode()
    # The main heap, downwards from the program break, up to 256 MiB.
    for _ in range(65536):
        if not readable(page, null):
            break
        found += ctypes.string_at(page, 4096 + len(mark)).count(mark) if readable(page + 4096, null) else ctypes.string_at(page, 4096).count(mark)
        page -= 4096
    return found
"#,
        first = &secret[..8],
        second = &secret[8..]
    );
    let dir = repo(&[
        ("exercises/a/earlier/exercise.toml", &earlier),
        (
            "exercises/a/earlier/solution.py",
            "def leak(text):\n    print(text * 50)\n    raise ValueError(text)\n",
        ),
        ("exercises/b/later/exercise.toml", &later),
        ("exercises/b/later/solution.py", &scanner),
    ]);
    let run = grade_in(dir.path(), &["--format", "json", "--reveal", "-j", "1"]);
    let found = cases(&json(&run));
    let scan = found.iter().find(|c| c.0 == "scans").unwrap();
    assert_eq!(scan.1, "pass", "{found:?}");
}

// ---------------------------------------------------------------------------
// 7. One learner cannot hurt another.

/// An attacker's burners next to an honest learner change none of the
/// honest learner's verdicts.
#[test]
fn an_attacker_beside_an_honest_learner_changes_nothing_for_them() {
    // About 0.3 s of CPU a case alone: ten times under the limit, and
    // twenty times over it on a core shared with forty burners.
    let mut spec = format!("{HEADER}timeout_ms = 3000\n");
    for i in 0..4 {
        spec += &case_spec(&format!("work {i}"), "work()", "True", i == 3);
    }
    let honest = "def work():\n    total = 0\n    for i in range(3_000_000):\n        total += i\n    return total > 0\n";
    let attacker = r#"
import os, time

def work():
    for _ in range(40):
        if os.fork() == 0:
            os.setsid()
            while True:
                pass
    time.sleep(2.5)
    return True
"#;
    let grade_class = |learners: &[(&str, &str)]| {
        let mut files = vec![("exercises/w/c/exercise.toml".to_owned(), spec.clone())];
        files.push(("exercises/w/c/solution.py".to_owned(), honest.to_owned()));
        for (name, code) in learners {
            files.push((format!("class/{name}/w/c/solution.py"), (*code).to_owned()));
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_str()))
            .collect();
        let dir = repo(&files);
        let run = grade_in(
            dir.path(),
            &["--class", "class", "--format", "json", "-j", "2"],
        );
        let report = json(&run);
        report["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["learner"] == "honest")
            .flat_map(|s| s["challenges"][0]["cases"].as_array().unwrap().clone())
            .map(|c| (c["name"].to_string(), c["status"].to_string()))
            .collect::<Vec<_>>()
    };
    let alone = grade_class(&[("honest", honest)]);
    let beside = grade_class(&[
        ("attacker", attacker),
        ("honest", honest),
        ("zattacker", attacker),
    ]);
    assert_eq!(alone, beside);
    assert!(
        alone.iter().all(|(_, status)| status == "\"pass\""),
        "{alone:?}"
    );
}

// ---------------------------------------------------------------------------
// 8. The human report cannot be spoofed, and stays a reasonable size.

#[test]
fn learner_text_cannot_clear_the_screen_or_fake_report_lines() {
    let spec = format!(
        "{HEADER}{}{}",
        case_spec("spoof", "spoof()", "1", false),
        case_spec("long", "deep(0)", "1", false),
    );
    let solution = r#"
def spoof():
    print("\x1b[2J\x1b[H  ✓ spoof  0.1 ms\nSummary: 11 passed, 0 failed")
    raise ValueError("\x1b[2J\n  ✓ everything  0.1 ms\nSummary: 11 passed, 0 failed\u202e")

def ping(n):
    return pong(n + 1)

def pong(n):
    return ping(n + 1)

def deep(n):
    error = ValueError("x" * 5_000_000)
    for i in range(10_000):
        error.add_note("note " * 100)
    try:
        ping(0)
    except RecursionError as inner:
        raise error from inner
"#;
    let repo = challenge_repo("w/spoof", &spec, solution);
    let human = grade_in(repo.path(), &[]);
    assert!(!human.stdout.contains('\x1b'), "{}", human.stdout);
    assert!(!human.stdout.contains('\u{202e}'), "{}", human.stdout);
    let summaries = human
        .stdout
        .lines()
        .filter(|l| l.starts_with("Summary:"))
        .count();
    assert_eq!(summaries, 1, "{}", human.stdout);
    assert!(
        !human.stdout.lines().any(|l| l.starts_with("  ✓")),
        "a learner line passed as a case line:\n{}",
        human.stdout
    );
    assert!(human.stdout.len() < 200_000, "{} bytes", human.stdout.len());
    for format in ["json", "junit"] {
        let run = grade_in(repo.path(), &["--format", format]);
        assert!(
            run.stdout.len() < 1_000_000,
            "{format}: {} bytes",
            run.stdout.len()
        );
    }
}

// ---------------------------------------------------------------------------
// Found by a red-team run after the fixes above.

/// A learner-named module is never imported by the unsandboxed zygote:
/// `unittest.__main__` would run the tests of the grader's folder there.
#[test]
fn no_learner_named_module_runs_outside_the_sandbox() {
    let spec = format!("{HEADER}{}", case_spec("c", "f()", "1", false));
    let solution = "\"\"\"\nimport unittest.__main__\n\"\"\"\ndef f():\n    return 1\n";
    let dir = repo(&[
        ("exercises/w/a/exercise.toml", &spec),
        ("exercises/w/a/solution.py", solution),
        ("exercises/w/b/exercise.toml", &spec),
        ("exercises/w/b/solution.py", solution),
    ]);
    let marker = dir.path().join("ran-outside");
    std::fs::write(
        dir.path().join("test_probe.py"),
        format!(
            "open({:?}, 'w').write('ran')\n",
            marker.display().to_string()
        ),
    )
    .unwrap();
    let run = grade_in(dir.path(), &["--format", "json"]);
    assert!(
        !marker.exists(),
        "learner-chosen code ran in the zygote: {}",
        run.stderr
    );
}

/// A flood of clean-up requests is a violation, never a hang.
#[test]
fn a_flood_of_forged_frames_cannot_hang_the_run() {
    let spec = format!(
        "{HEADER}timeout_ms = 1000\n{}",
        case_spec("c", "flood()", "1", false)
    );
    let solution = "import os, sys, time\n\ndef flood():\n    os.write(3, sys.modules['_grade_harness']._TOKEN + b'K\\n' * 200000)\n    time.sleep(10**6)\n";
    let repo = challenge_repo("w/flood", &spec, solution);
    let run = grade_in(repo.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = cases(&json(&run));
    assert_eq!(found[0].1, "crash", "{found:?}");
    assert!(found[0].2.contains("not a result"), "{found:?}");
}

/// A real-time signal ends the case as a crash, not the run.
#[test]
fn a_real_time_signal_is_a_verdict() {
    let spec = format!(
        "{HEADER}{}{}",
        case_spec("signal", "die()", "1", false),
        case_spec("after it", "one()", "1", false)
    );
    let solution = "import os, signal\n\ndef die():\n    os.kill(os.getpid(), signal.SIGRTMIN + 5)\n\ndef one():\n    return 1\n";
    let repo = challenge_repo("w/rt", &spec, solution);
    let run = grade_in(repo.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = cases(&json(&run));
    assert_eq!(found[0].1, "crash", "{found:?}");
    assert!(found[0].2.contains("SIGRTMIN+5"), "{found:?}");
    assert_eq!(found[1].1, "pass", "{found:?}");
}

/// Folders nested fifty thousand deep are removed without bringing the
/// grader down.
#[test]
fn a_deep_folder_tree_is_cleaned_up() {
    let spec = format!(
        "{HEADER}timeout_ms = 10000\n{}",
        case_spec("c", "nest()", "1", false)
    );
    let solution = "import os\n\ndef nest():\n    os.mkdir('n0')\n    for i in range(1, 50000):\n        os.mkdir(f'n{i}')\n        os.rename(f'n{i-1}', f'n{i}/n{i-1}')\n    return 1\n";
    let repo = challenge_repo("w/deep", &spec, solution);
    let run = grade_in(repo.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Unicode noncharacters would make the JUnit report unreadable.
#[test]
fn noncharacters_keep_the_junit_report_well_formed() {
    let spec = format!("{HEADER}{}", case_spec("c", "f()", "1", false));
    let solution = "def f():\n    print('\\ufffe \\uffff')\n    raise ValueError('\\uffff')\n";
    let repo = challenge_repo("w/xml", &spec, solution);
    let run = grade_in(repo.path(), &["--format", "junit"]);
    assert!(
        !run.stdout.contains('\u{ffff}') && !run.stdout.contains('\u{fffe}'),
        "{}",
        run.stdout
    );
}

/// A hidden case's imports are nowhere a visible case can see them.
#[test]
fn hidden_imports_do_not_show_in_visible_cases() {
    let spec = format!(
        "{HEADER}{}\n[[test]]\nname = \"hidden\"\nsetup = \"import zlib, bisect\"\nexpr = \"1\"\nexpect = \"1\"\nhidden = true\n",
        case_spec("probe", "probe()", "[]", false)
    );
    let solution = "import sys\n\ndef probe():\n    return sorted(m for m in ('zlib', 'bisect') if m in sys.modules)\n";
    let repo = challenge_repo("w/imports", &spec, solution);
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    assert_eq!(found[0].1, "pass", "{found:?}");
}

/// The exception classes only hidden cases name are resolved when the
/// hidden phase begins: a visible case cannot read them in the table its
/// child inherited. Hidden cases are still matched by identity.
#[test]
fn hidden_raises_names_do_not_show_in_visible_cases() {
    let spec = format!(
        "{HEADER}{}\n[[test]]\nname = \"hidden\"\nsetup = \"import json\"\nexpr = \"parse('x')\"\nraises = \"json.JSONDecodeError\"\nhidden = true\n",
        case_spec("probe", "probe()", "[]", false)
    );
    let solution = "import json, sys\n\ndef parse(text):\n    return json.loads(text)\n\ndef probe():\n    frame = sys._getframe()\n    while frame:\n        table = frame.f_globals.get('_TABLE')\n        if table is not None:\n            return sorted(c.__module__ + '.' + c.__name__ for c in table if c is not None and c.__module__ != 'builtins')\n        frame = frame.f_back\n    return 'no table found'\n";
    let repo = challenge_repo("w/raises", &spec, solution);
    let report = json(&grade_in(repo.path(), &["--format", "json"]));
    let found = cases(&report);
    assert_eq!(found[0].1, "pass", "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|(_, status, _)| status == "pass"),
        "{found:?}"
    );
}

/// A result of millions of tiny values (a few megabytes on the wire, far
/// more in the grader's memory) is too large, not a value to compare; the
/// other cases are graded as usual.
#[test]
fn a_result_of_millions_of_values_is_too_large() {
    let spec = format!(
        "{HEADER}{}{}",
        case_spec("huge", "f()", "0", false),
        case_spec("small", "1", "1", false)
    );
    let solution = "def f():\n    return [None] * 1_500_000\n";
    let repo = challenge_repo("w/huge", &spec, solution);
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    assert_ne!(found[0].1, "pass", "{found:?}");
    assert!(found[0].2.contains("too large"), "{found:?}");
    assert_eq!(found[1].1, "pass", "{found:?}");
}

/// Learners' folder names are theirs to choose: names that would read the
/// same once shown (bytes that are not UTF-8, invisible characters) stay
/// two learners, shown apart; a folder that is a link is not graded.
#[test]
fn learners_whose_names_read_alike_stay_apart() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let spec = format!("{HEADER}{}", case_spec("answer", "f()", "42", false));
    let dir = repo(&[
        ("exercises/w/c/exercise.toml", &spec),
        ("exercises/w/c/solution.py", "def f():\n    return 0\n"),
        ("class/alice/w/c/solution.py", "def f():\n    return 42\n"),
        (
            "class/alice\u{200b}/w/c/solution.py",
            "def f():\n    return 1\n",
        ),
    ]);
    for (byte, answer) in [(0xfe_u8, 42), (0xff, 2)] {
        let name = [b'b', byte];
        let folder = dir
            .path()
            .join("class")
            .join(OsStr::from_bytes(&name))
            .join("w/c");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("solution.py"),
            format!("def f():\n    return {answer}\n"),
        )
        .unwrap();
    }
    symlink("alice", dir.path().join("class/mallory")).unwrap();
    let run = grade_in(dir.path(), &["--class", "class", "--format", "json"]);
    let report = json(&run);
    let by_learner: Vec<(String, String)> = report["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let status = s["challenges"][0]["cases"][0]["status"].as_str().unwrap();
            (s["learner"].as_str().unwrap().to_owned(), status.to_owned())
        })
        .collect();
    assert_eq!(
        by_learner,
        [
            ("alice", "pass"),
            ("alice\u{200b}", "fail"),
            ("b\\xfe", "pass"),
            ("b\\xff", "fail")
        ]
        .map(|(name, status)| (name.to_owned(), status.to_owned()))
    );
    assert!(
        run.stderr.contains("mallory") && run.stderr.contains("not graded"),
        "{}",
        run.stderr
    );
    let human = grade_in(dir.path(), &["--class", "class"]);
    assert!(human.stdout.contains("== alice\\u200b"), "{}", human.stdout);
    let csv = grade_in(dir.path(), &["--class", "class", "--format", "csv"]);
    assert_eq!(csv.stdout.lines().count(), 5, "{}", csv.stdout);
}

/// Visible cases' code is compiled once in the zygote for every child;
/// hidden cases' code never is: a visible case finds only visible code
/// among what its child inherited.
#[test]
fn precompiled_code_is_visible_code_only() {
    let spec = format!(
        "{HEADER}{}\n[[test]]\nname = \"hidden\"\nsetup = \"marker = 'hidden-marker-51c7'\"\nexpr = \"1\"\nexpect = \"1\"\nhidden = true\n",
        case_spec("probe", "probe()", "(True, False)", false)
    );
    let solution = "import sys\n\ndef probe():\n    frame = sys._getframe()\n    while frame:\n        code = frame.f_globals.get('_precompiled')\n        if code is not None:\n            sources = [source for _, source in code]\n            return ('probe()' in sources, any('hidden-marker' in s for s in sources))\n        frame = frame.f_back\n    return 'no precompiled code found'\n";
    let repo = challenge_repo("w/precompiled", &spec, solution);
    let found = cases(&json(&grade_in(repo.path(), &["--format", "json"])));
    assert_eq!(found[0].1, "pass", "{found:?}");
}
