//! What a run found, and the formats it is reported in. The runner emits
//! [`Event`]s; a [`Reporter`] per format turns them into bytes and knows
//! nothing of workers.

mod csv;
mod github;
mod human;
mod json;
mod junit;

use serde::Serialize;

pub use csv::Csv;
pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;

/// The verdicts of SPEC §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Error,
    Timeout,
    Memory,
    Crash,
    Invalid,
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
        }
    }
}

/// One case's verdict, with what the learner may see of it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseReport {
    pub name: String,
    pub status: Status,
    pub hidden: bool,
    pub points: u32,
    pub max_points: u32,
    pub duration_ms: f64,
    /// What went wrong, in one line; for hidden cases only its kind.
    pub message: String,
    /// A traceback, a SyntaxError's caret, a crash's stderr.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    pub stdout: String,
    pub stdout_truncated: bool,
    /// The case's setup and expr, shown beside a failure.
    #[serde(skip)]
    pub code: String,
    /// The reference solution's time, for `max_ratio` cases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_ms: Option<f64>,
    /// The case stopped at the starter stub's `raise NotImplementedError`.
    #[serde(skip)]
    pub stub: bool,
}

impl CaseReport {
    /// A hidden case as a learner may see it: name, status, points and the
    /// kind of failure, never its code, values, output or traceback.
    pub fn redact(&mut self) {
        self.message = match self.status {
            Status::Pass => String::new(),
            Status::Fail if self.message.starts_with("memory peak") => {
                "memory peak over the limit".into()
            }
            Status::Fail if self.message.starts_with("too slow") => "too slow".into(),
            Status::Fail if self.message.starts_with("output") => "output differs".into(),
            Status::Fail
                if self.message.starts_with("expected") || self.message.contains("raised") =>
            {
                "wrong exception".into()
            }
            Status::Fail => "value differs".into(),
            Status::Error => "raised an exception".into(),
            Status::Timeout => "timeout".into(),
            Status::Memory => "out of memory".into(),
            Status::Crash => "crash".into(),
            Status::Invalid => "does not compile".into(),
        };
        self.detail = None;
        self.expected = None;
        self.actual = None;
        self.diff = None;
        self.stdout = String::new();
        self.stdout_truncated = false;
        self.code = String::new();
        self.reference_ms = None;
    }
}

/// One challenge of one submission.
#[derive(Debug, Clone, Serialize)]
pub struct ChallengeReport {
    pub path: String,
    pub title: String,
    pub topic: &'static str,
    #[serde(skip)]
    pub difficulty: u8,
    /// The learner file as tracebacks name it (for annotations).
    #[serde(skip)]
    pub file: String,
    pub points: u32,
    pub max_points: u32,
    pub cases: Vec<CaseReport>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub points: u32,
    pub max_points: u32,
    pub duration_ms: u64,
}

impl Summary {
    pub fn add(&mut self, challenge: &ChallengeReport) {
        for case in &challenge.cases {
            if case.status == Status::Pass {
                self.passed += 1;
            } else {
                self.failed += 1;
            }
        }
        self.points += challenge.points;
        self.max_points += challenge.max_points;
    }
}

/// What the runner tells reporters, in plan order.
pub enum Event<'a> {
    Started {
        challenges: usize,
    },
    /// `learner` is None when grading the practice repo itself.
    Graded {
        learner: Option<&'a str>,
        challenge: &'a ChallengeReport,
    },
    Finished {
        summary: &'a Summary,
    },
}

/// A report format.
pub trait Reporter {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()>;
}
