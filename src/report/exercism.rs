//! `--format exercism`: the `results.json` of an Exercism test runner,
//! interface version 3 (exercism.org/docs/building/tooling/test-runners/interface),
//! for one submission: a run of a class is refused before it starts.
//!
//! One test per case, in the spec's order. A case's status is `pass` when
//! it passed (a test that skipped itself or failed as expected too: grade
//! does not count those as failures either, and the interface has no
//! other word), `fail` when the code ran and gave a wrong answer (`fail`),
//! and `error` when it stopped otherwise (an exception, a timeout, memory,
//! a crash, a file that does not compile). A hidden case has no
//! `test_code` and no `output`, and its `message` is its redacted message.
//!
//! `output` is what a case printed, cut to the 500 characters the
//! interface allows, a note included. The document's status is `error`
//! only when no case ran at all (the learner's file is missing, does not
//! compile or fails to load, in every challenge), with the reason in
//! `message`, as the interface asks.
//!
//! `task_id` links a test to one numbered task of an exercise's
//! instructions. One challenge has no numbered tasks, so a run of one
//! challenge writes none; a run of several (a week) makes each challenge a
//! task, numbered by its place in the run, as their list would number
//! them in an instructions file. A challenge whose exercise.toml does not
//! load is one errored test that does not quote the error (it can quote
//! the spec, hidden cases included): grade prints it on stderr.

use std::io::Write;

use serde::Serialize;

use super::plain::{cap_chars, not_run_text, printed, verdict_text, Gathered};
use super::{CaseReport, CaseView, Event, Reporter, Status};

/// The interface version written.
const VERSION: u32 = 3;
/// The interface's limit on a test's `output`, in characters.
const OUTPUT_CHARS: usize = 500;
const OUTPUT_CUT: &str = "\n… Output was truncated. Please limit to 500 chars";
/// The newer interface's limit on the top-level `message`.
const MESSAGE_CHARS: usize = 65_535;
const MESSAGE_CUT: &str = "\n… (message truncated)";

#[derive(Serialize)]
struct Results {
    version: u32,
    status: RunStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    tests: Vec<Test>,
}

#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RunStatus {
    Pass,
    Fail,
    Error,
}

#[derive(Serialize)]
struct Test {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    test_code: Option<String>,
    status: RunStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    task_id: Option<usize>,
}

pub struct Exercism<W: Write> {
    out: W,
    gathered: Gathered,
}

impl<W: Write> Exercism<W> {
    pub fn new(out: W) -> Self {
        Exercism {
            out,
            gathered: Gathered::default(),
        }
    }

    fn results(&self) -> Results {
        let challenges = &self.gathered.challenges;
        let several = challenges.len() > 1;
        let mut tests = Vec::new();
        for (index, challenge) in challenges.iter().enumerate() {
            let task_id = several.then_some(index + 1);
            if challenge.broken.is_some() {
                tests.push(Test {
                    name: format!("{} › exercise.toml", challenge.path),
                    test_code: None,
                    status: RunStatus::Error,
                    message: Some(broken_message(&challenge.path)),
                    output: None,
                    task_id,
                });
            }
            for case in &challenge.cases {
                tests.push(Test {
                    name: self.gathered.test_name(challenge, &case.name),
                    task_id,
                    ..case_test(case)
                });
            }
        }
        let ran_nothing = challenges
            .iter()
            .all(|challenge| challenge.cases.iter().all(|case| case.not_run.is_some()));
        let status = if ran_nothing && !challenges.is_empty() {
            RunStatus::Error
        } else if tests.iter().all(|test| test.status == RunStatus::Pass) {
            RunStatus::Pass
        } else {
            RunStatus::Fail
        };
        let message = (status == RunStatus::Error).then(|| {
            let reasons: Vec<String> = challenges
                .iter()
                .map(|challenge| match &challenge.broken {
                    Some(_) => broken_message(&challenge.path),
                    None => not_run_text(challenge).unwrap_or_default(),
                })
                .filter(|reason| !reason.is_empty())
                .collect();
            if reasons.is_empty() {
                return "no test ran".to_owned();
            }
            cap_chars(&reasons.join("\n\n"), MESSAGE_CHARS, MESSAGE_CUT)
        });
        Results {
            version: VERSION,
            status,
            message,
            tests,
        }
    }
}

/// A test's fields that depend on what the case may show.
fn case_test(case: &CaseReport) -> Test {
    let mut test = Test {
        name: String::new(),
        test_code: None,
        status: case_status(case.status()),
        message: None,
        output: None,
        task_id: None,
    };
    match &case.view {
        CaseView::Redacted { message } => {
            test.message = Some(message.clone()).filter(|m| !m.is_empty());
        }
        CaseView::Shown(shown) => {
            test.test_code = Some(shown.code.clone()).filter(|code| !code.is_empty());
            test.message = if case.status().is_failure() {
                Some(verdict_text(&shown.rendered, shown.stdout_in_diff))
            } else {
                // A pass has nothing to say; a skip says why.
                Some(shown.rendered.message.clone())
            }
            .filter(|message| !message.is_empty());
            let printed = printed(&shown.stdout, shown.stdout_truncated);
            if !printed.is_empty() {
                test.output = Some(cap_chars(&printed, OUTPUT_CHARS, OUTPUT_CUT));
            }
        }
    }
    test
}

fn broken_message(path: &str) -> String {
    format!("{path}: this challenge could not be graded: its exercise.toml does not load")
}

/// The interface's word for a verdict.
fn case_status(status: Status) -> RunStatus {
    match status {
        Status::Pass | Status::Skipped | Status::Xfailed => RunStatus::Pass,
        Status::Fail => RunStatus::Fail,
        Status::Error | Status::Timeout | Status::Memory | Status::Crash | Status::Invalid => {
            RunStatus::Error
        }
    }
}

impl<W: Write> Reporter for Exercism<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        if self.gathered.event(event).is_some() {
            let results = self.results();
            serde_json::to_writer_pretty(&mut self.out, &results)?;
            writeln!(self.out)?;
            self.out.flush()?;
        }
        Ok(())
    }
}
