//! The judgment of one case: a [`Status`] (SPEC §4) and the typed
//! [`Reason`] behind it. Reporters render reasons; what a hidden case may
//! show is decided here, by the reason's type ([`redact`]), so that no
//! wording of a message can change what a hidden case reveals.

use std::time::Duration;

use serde::Serialize;

use crate::execution::{CompileError, Exception, FileProblem, Stop, Violation};
use crate::value::{Compare, Value};

/// The verdicts of SPEC §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Error,
    Timeout,
    Memory,
    Crash,
    Invalid,
    /// A test of a test file skipped itself (not counted as failed).
    Skipped,
    /// A test marked as an expected failure failed, as expected.
    Xfailed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
            Status::Timeout => "timeout",
            Status::Memory => "memory",
            Status::Crash => "crash",
            Status::Invalid => "invalid",
            Status::Skipped => "skipped",
            Status::Xfailed => "xfailed",
        }
    }

    /// Whether the case counts against the learner (pytest's view: a
    /// skipped test or an expected failure does not).
    pub fn is_failure(self) -> bool {
        !matches!(self, Status::Pass | Status::Skipped | Status::Xfailed)
    }

    /// Whether the case earns its points.
    pub fn earns_points(self) -> bool {
        matches!(self, Status::Pass | Status::Xfailed)
    }
}

/// A case's judgment. Built only from a [`Reason`], so the two agree.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub status: Status,
    pub reason: Reason,
}

impl From<Reason> for Verdict {
    fn from(reason: Reason) -> Verdict {
        Verdict {
            status: reason.status(),
            reason,
        }
    }
}

/// What `raises` (and `match`) asked for.
#[derive(Debug, Clone)]
pub struct ExpectedRaise {
    pub exception: String,
    pub pattern: Option<regex::Regex>,
}

/// Why a case got its status.
#[derive(Debug, Clone)]
pub enum Reason {
    /// Checked and correct.
    Passed,
    /// A `raises` case that raised what it should.
    RaisedAsExpected {
        expected: ExpectedRaise,
        raised: Exception,
    },
    ValueDiffers {
        expected: Value,
        actual: Value,
        compare: Compare,
    },
    /// A `raises` case returned instead.
    NothingRaised {
        expected: ExpectedRaise,
        actual: Value,
    },
    WrongException {
        expected: ExpectedRaise,
        raised: Exception,
    },
    /// The right exception, but its message does not match `match`.
    MessageMismatch {
        expected: ExpectedRaise,
        raised: Exception,
    },
    /// What the case printed differs (both normalised).
    OutputDiffers { expected: String, actual: String },
    /// Over `max_peak_kb`.
    PeakOver { kb: u64, limit: u64 },
    /// Over `max_ratio` of the reference's CPU time.
    TooSlow {
        mine: Duration,
        reference: Duration,
        limit: f64,
    },
    /// A case that must measure could not be measured.
    NotMeasured,
    /// Correct, but its `max_ratio` budget could not be judged: the
    /// reference it is timed against is not in this repo.
    NotTimed,
    /// An unexpected exception.
    Raised { error: Exception },
    /// A test of a test file failed an assertion.
    TestFailed { error: Exception },
    /// A test of a test file skipped itself.
    Skipped { reason: String },
    /// A test marked as an expected failure failed.
    ExpectedFailure { reason: String },
    /// The test runner gave an outcome it cannot give (the learner's code
    /// replaced it).
    UnknownTestOutcome,
    /// The starter stub's `raise NotImplementedError`.
    NotImplemented,
    /// The learner module raised while loading.
    NotLoaded { error: Exception },
    /// `MemoryError` raised.
    MemoryError { error: Exception },
    /// The worker stopped; `not_run` when it stopped in an earlier case
    /// whose module never finished loading, so this one was not tried.
    Stopped {
        stop: Stop,
        stderr_tail: String,
        not_run: bool,
    },
    /// The learner's files do not compile.
    Invalid(CompileError),
    /// A learner file could not be read.
    Unreadable(FileProblem),
    /// The case takes its expectation from the reference, which did not
    /// give one.
    NoExpectation(ReferenceProblem),
}

/// Why the reference solution gave no expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceProblem {
    #[error("the reference solution was not run")]
    NotRun,
    #[error("the reference solution does not compile")]
    DoesNotCompile,
    #[error("the reference solution did not finish this case")]
    DidNotFinish,
    #[error("the reference solution does not load")]
    DoesNotLoad,
    /// A practice repo handed out without `solutions/`, and the challenge
    /// ships no frozen outcome for the case (`grade freeze`).
    #[error("the reference solution is not in this repo, and the challenge ships no frozen outcome for this case (`grade freeze`)")]
    Absent,
}

impl Reason {
    pub fn status(&self) -> Status {
        match self {
            Reason::Passed | Reason::RaisedAsExpected { .. } => Status::Pass,
            Reason::ValueDiffers { .. }
            | Reason::NothingRaised { .. }
            | Reason::WrongException { .. }
            | Reason::MessageMismatch { .. }
            | Reason::OutputDiffers { .. }
            | Reason::PeakOver { .. }
            | Reason::TooSlow { .. }
            | Reason::TestFailed { .. } => Status::Fail,
            Reason::Skipped { .. }
            | Reason::NotTimed
            | Reason::NoExpectation(ReferenceProblem::Absent) => Status::Skipped,
            Reason::ExpectedFailure { .. } => Status::Xfailed,
            Reason::Raised { .. }
            | Reason::NotImplemented
            | Reason::NotLoaded { .. }
            | Reason::NoExpectation(_)
            | Reason::NotMeasured
            | Reason::UnknownTestOutcome => Status::Error,
            Reason::MemoryError { .. } => Status::Memory,
            Reason::Stopped { stop, .. } => match stop {
                Stop::Timeout { .. } | Stop::CpuLimit => Status::Timeout,
                Stop::OutOfMemory => Status::Memory,
                Stop::Signaled(_)
                | Stop::Exited { .. }
                | Stop::HarnessBroken
                | Stop::Protocol(_) => Status::Crash,
            },
            Reason::Invalid(_) | Reason::Unreadable(_) => Status::Invalid,
        }
    }
}

/// A hidden case as a learner may see it: its status and the kind of
/// outcome, in words chosen here — never a value, a message, a name the
/// learner's code could choose, its output or its timing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redacted {
    pub status: Status,
    pub message: String,
}

/// What of a verdict a hidden case shows. Exhaustive by design: a new
/// reason must say here what it reveals.
pub fn redact(verdict: &Verdict) -> Redacted {
    let message: String = match &verdict.reason {
        Reason::Passed | Reason::RaisedAsExpected { .. } => String::new(),
        Reason::ValueDiffers { .. } => "value differs".into(),
        Reason::NothingRaised { .. } => "nothing was raised".into(),
        Reason::WrongException { .. } | Reason::MessageMismatch { .. } => "wrong exception".into(),
        Reason::OutputDiffers { .. } => "output differs".into(),
        Reason::PeakOver { .. } => "memory peak over the limit".into(),
        Reason::TooSlow { .. } => "too slow".into(),
        Reason::NotMeasured => "could not be measured".into(),
        Reason::NotTimed => "not timed: no reference solution here".into(),
        // Not which exception, nor which signal below: learner code in a
        // hidden case could choose one of dozens to spell out the case's
        // code, a few bits a run.
        Reason::Raised { .. } => "raised an exception".into(),
        // The assertion's text and values are the hidden test's own.
        Reason::TestFailed { .. } => "a test assertion failed".into(),
        Reason::Skipped { .. } => "skipped".into(),
        Reason::ExpectedFailure { .. } => "failed, as expected".into(),
        Reason::UnknownTestOutcome => "the test runner was replaced".into(),
        Reason::NotLoaded { .. } => "the module failed to load".into(),
        Reason::NotImplemented => "not implemented yet".into(),
        Reason::MemoryError { .. } => "ran out of memory (MemoryError)".into(),
        Reason::Stopped { stop, not_run, .. } => {
            let kind = match stop {
                Stop::Timeout { limit_ms } => format!("took longer than {limit_ms} ms"),
                Stop::CpuLimit => "used up its CPU time limit".into(),
                Stop::OutOfMemory => "killed for using more memory than its limit".into(),
                Stop::Signaled(_) => "the worker was killed by a signal".into(),
                Stop::Exited { .. } => "the worker exited in the middle of the case".into(),
                Stop::HarnessBroken => "the submission broke the grading harness".into(),
                Stop::Protocol(Violation::TooLarge) => "its result is too large".into(),
                Stop::Protocol(_) => "the worker broke the result channel".into(),
            };
            if *not_run {
                format!("{kind} (not run)")
            } else {
                kind
            }
        }
        Reason::Invalid(_) => "does not compile".into(),
        // Says nothing of the case: the learner's own files changed.
        Reason::Unreadable(problem @ FileProblem::Changed { .. }) => problem.to_string(),
        Reason::Unreadable(_) => "the learner file cannot be read".into(),
        Reason::NoExpectation(_) => "no expected outcome".into(),
    };
    Redacted {
        status: verdict.status,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::{ExceptionClass, Traceback, Violation};

    const SECRET: &str = "hidden-secret-4d2f";

    fn exception(display: &str, message: &str) -> Exception {
        Exception {
            class: ExceptionClass {
                display: display.into(),
                table: vec![],
                exact: None,
                unlisted: vec![display.into()],
            },
            message: message.into(),
            traceback: Traceback {
                entries: vec![],
                exception_lines: vec![format!("{display}: {message}\n")],
            },
        }
    }

    fn expected() -> ExpectedRaise {
        ExpectedRaise {
            exception: SECRET.into(),
            pattern: Some(regex::Regex::new(SECRET).unwrap()),
        }
    }

    /// One reason of every kind, each carrying the secret wherever it can.
    fn every_reason() -> Vec<Reason> {
        let secret_value = Value::Str(SECRET.into());
        vec![
            Reason::Passed,
            Reason::RaisedAsExpected {
                expected: expected(),
                raised: exception(SECRET, SECRET),
            },
            Reason::ValueDiffers {
                expected: secret_value.clone(),
                actual: secret_value.clone(),
                compare: Compare::default(),
            },
            Reason::NothingRaised {
                expected: expected(),
                actual: secret_value,
            },
            Reason::WrongException {
                expected: expected(),
                raised: exception(SECRET, SECRET),
            },
            Reason::MessageMismatch {
                expected: expected(),
                raised: exception(SECRET, SECRET),
            },
            Reason::OutputDiffers {
                expected: SECRET.into(),
                actual: SECRET.into(),
            },
            Reason::PeakOver {
                kb: 4242,
                limit: 4141,
            },
            Reason::TooSlow {
                mine: Duration::from_millis(4242),
                reference: Duration::from_millis(4141),
                limit: 3.0,
            },
            Reason::NotMeasured,
            Reason::Raised {
                error: exception(SECRET, SECRET),
            },
            Reason::Raised {
                error: exception(SECRET, SECRET),
            },
            Reason::NotImplemented,
            Reason::NotLoaded {
                error: exception(SECRET, SECRET),
            },
            Reason::MemoryError {
                error: exception(SECRET, SECRET),
            },
            Reason::Stopped {
                stop: Stop::Exited { code: 42 },
                stderr_tail: SECRET.into(),
                not_run: false,
            },
            Reason::Stopped {
                stop: Stop::Protocol(Violation::Garbled),
                stderr_tail: SECRET.into(),
                not_run: true,
            },
            Reason::Invalid(CompileError {
                kind: SECRET.into(),
                message: SECRET.into(),
                file: SECRET.into(),
                line: Some(1),
                column: Some(1),
                text: Some(SECRET.into()),
            }),
            Reason::Unreadable(FileProblem::Missing {
                file: SECRET.into(),
            }),
            Reason::NoExpectation(ReferenceProblem::DidNotFinish),
        ]
    }

    #[test]
    fn redaction_shows_no_learner_or_case_text() {
        for reason in every_reason() {
            let verdict = Verdict::from(reason.clone());
            let shown = redact(&verdict);
            assert_eq!(shown.status, verdict.status, "{reason:?}");
            assert!(
                !shown.message.contains(SECRET),
                "{reason:?}: {}",
                shown.message
            );
            assert!(
                !shown.message.contains("4242"),
                "{reason:?}: {}",
                shown.message
            );
            assert!(
                !shown.message.contains("42"),
                "{reason:?}: {}",
                shown.message
            );
        }
    }

    #[test]
    fn no_exception_class_is_named() {
        let shown = redact(&Verdict::from(Reason::Raised {
            error: exception("TypeError", SECRET),
        }));
        assert_eq!(shown.message, "raised an exception");
    }

    #[test]
    fn statuses_follow_reasons() {
        let statuses: Vec<Status> = every_reason().iter().map(Reason::status).collect();
        assert_eq!(
            statuses,
            [
                Status::Pass,
                Status::Pass,
                Status::Fail,
                Status::Fail,
                Status::Fail,
                Status::Fail,
                Status::Fail,
                Status::Fail,
                Status::Fail,
                Status::Error,
                Status::Error,
                Status::Error,
                Status::Error,
                Status::Error,
                Status::Memory,
                Status::Crash,
                Status::Crash,
                Status::Invalid,
                Status::Invalid,
                Status::Error,
            ]
        );
    }
}
