//! The pinned CPython (the interpreter `grade` embeds, recorded by build.rs) run as the
//! reference of the differential tests: one process per test, one JSON line per question.

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};
use serde::Deserialize;
use serde_json::json;

use crate::value::Value;

const SCRIPT: &str = include_str!("oracle.py");

/// What Python answered; which fields are set depends on the question.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct Answer {
    /// The value Python built or evaluated, as Python holds it (sets in its iteration order,
    /// equal elements collapsed).
    #[serde(deserialize_with = "present")]
    pub value: Option<Value>,
    /// The second value of an `equal` question.
    #[serde(deserialize_with = "present")]
    pub other: Option<Value>,
    pub repr: Option<String>,
    /// `pprint.pformat` of the value at each width asked.
    pub pretty: Vec<String>,
    pub equal: Option<bool>,
    /// Python raised: `TypeName: message`.
    pub error: Option<String>,
    /// Python's value holds something a `Value` cannot (a complex, a lone surrogate…).
    pub unsupported: Option<String>,
}

/// A field that is there is `Some`, even when it holds `None` (JSON `null`).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

pub(crate) struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    pub(crate) fn start() -> Oracle {
        let python = env!("GRADE_PYTHON_EXECUTABLE");
        let mut child = Command::new(python)
            .args(["-I", "-S", "-c", SCRIPT])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {python}: {e}"));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Oracle {
            child,
            stdin,
            stdout,
        }
    }

    fn ask(&mut self, request: &serde_json::Value) -> Answer {
        let mut line = request.to_string();
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .expect("the Python oracle stopped reading");
        let mut answer = String::new();
        self.stdout
            .read_line(&mut answer)
            .expect("cannot read the Python oracle");
        serde_json::from_str(&answer)
            .unwrap_or_else(|e| panic!("bad answer from the Python oracle ({e}): {answer:?}"))
    }

    /// `ast.literal_eval(src)` (with grade's `frozenset(...)` calls); with `wrap`, of the text
    /// put inside parentheses.
    pub(crate) fn literal(&mut self, src: &str, wrap: bool) -> Answer {
        self.ask(&json!({"op": "literal", "src": src, "wrap": wrap}))
    }

    /// Python builds `value` and answers with it, its repr, and its pformat at each width
    /// (sets sorted even when they fit, as `Value::pretty` does).
    pub(crate) fn show(&mut self, value: &Value, widths: &[usize]) -> Answer {
        self.ask(&json!({"op": "show", "value": value, "widths": widths}))
    }

    /// Python builds both values and answers with them and whether `[a] == [b]`, every NaN
    /// being one object (grade's NaN equals NaN).
    pub(crate) fn equal(&mut self, a: &Value, b: &Value) -> Answer {
        self.ask(&json!({"op": "equal", "a": a, "b": b}))
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `test` on `cases` values of `strategy` (`PROPTEST_CASES` overrides the count) with a
/// fixed seed, so that a run in CI is the same as on a laptop, handing it the test's oracle.
/// On failure it panics with proptest's smallest failing input and `test`'s message.
pub(crate) fn check<S: Strategy>(
    cases: u32,
    strategy: S,
    test: impl Fn(&mut Oracle, S::Value) -> Result<(), TestCaseError>,
) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x6772_6164_6521);
    let config = Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let oracle = RefCell::new(Oracle::start());
    let result =
        TestRunner::new(config).run(&strategy, |value| test(&mut oracle.borrow_mut(), value));
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, _)) => panic!("{reason}"),
        Err(TestError::Abort(reason)) => panic!("aborted: {reason}"),
    }
}
