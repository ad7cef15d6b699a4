//! Shared helpers: running the binary and reading its reports.

mod cache;
mod chromium;
mod cli;
mod formats;
mod freeze;
mod grading;
mod hostile;
mod html;
mod instructor;
mod merge;
mod platforms;
mod similar;
mod spec_errors;
mod terminal;
mod testfiles;
mod tracebacks;
mod trust;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `[exercise]` table of the challenges tests make on the fly.
pub const HEADER: &str = "[exercise]\ntitle = \"t\"\ntopic = \"functions\"\ndifficulty = 1\n\n";

/// A repo holding one challenge, `exercises/<path>`, with its spec and its
/// learner file `solution.py`.
pub fn challenge_repo(path: &str, spec: &str, solution: &str) -> tempfile::TempDir {
    let repo = tempfile::tempdir().expect("tempdir");
    let challenge = repo.path().join("exercises").join(path);
    std::fs::create_dir_all(&challenge).expect("mkdir");
    std::fs::write(challenge.join("exercise.toml"), spec).expect("write the spec");
    std::fs::write(challenge.join("solution.py"), solution).expect("write the solution");
    repo
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The outcome of one `grade` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn grade_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_grade"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("grade runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// challenge path -> case name -> status, from a JSON report.
pub fn statuses(
    report: &serde_json::Value,
) -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    let mut all = std::collections::BTreeMap::new();
    for submission in report["submissions"].as_array().expect("submissions") {
        for challenge in submission["challenges"].as_array().expect("challenges") {
            let cases = challenge["cases"]
                .as_array()
                .expect("cases")
                .iter()
                .map(|case| {
                    (
                        case["name"].as_str().expect("name").to_owned(),
                        case["status"].as_str().expect("status").to_owned(),
                    )
                })
                .collect();
            all.insert(challenge["path"].as_str().expect("path").to_owned(), cases);
        }
    }
    all
}

/// Asserts a snapshot with the run's varying parts (durations, JUnit
/// times) filtered out by insta itself.
#[macro_export]
macro_rules! assert_stable_snapshot {
    ($name:expr, $text:expr) => {
        insta::with_settings!({filters => vec![
            (r"\d+(\.\d+)? ms", "[ms]"),
            (r#""duration_ms": [0-9.e-]+"#, r#""duration_ms": "[ms]""#),
            (r#"time="[0-9.]+""#, r#"time="[t]""#),
        ]}, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

/// Every snapshot file is named by a snapshot assertion: a renamed or
/// removed test must not leave a stale one behind.
#[test]
fn no_snapshot_is_unreferenced() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite");
    for entry in std::fs::read_dir(suite.join("snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.ends_with(".snap"), "a pending or stray file: {name}");
        let (module, snapshot) = name
            .trim_end_matches(".snap")
            .rsplit_once("__")
            .expect("insta's module__name");
        let module = module.trim_start_matches("tests__suite__");
        let file = std::fs::read_to_string(suite.join(format!("{module}.rs"))).unwrap_or_default();
        assert!(
            file.contains(&format!("(\"{snapshot}\"")),
            "{name} is not asserted by tests/suite/{module}.rs"
        );
    }
}
