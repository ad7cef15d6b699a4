//! The messages between the grader, its zygote and the zygote's children.
//!
//! The grader writes one [`JobRequest`] line per job to the zygote's stdin and
//! the case code to a [`JobFile`] that only the child reads. The child writes
//! result lines ([`ChildLine`]) on its results descriptor; the zygote relays
//! them, with each case's captured output, as [`ZygoteEvent`] lines. Nothing
//! here carries an expected value: those stay in the grader.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::value::Value;

/// One learner file run against some cases, as the zygote sees it: where the
/// case code is, and the limits. The case code itself is not here, so the
/// zygote never holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRequest {
    pub id: u64,
    pub job_file: PathBuf,
    /// Modules the job's code imports: the zygote imports those of the
    /// standard library before forking its child.
    pub imports: Vec<String>,
    /// Wall-time limit of each case, in case order.
    pub timeouts_ms: Vec<u64>,
    pub memory_mb: u64,
    /// Captured output kept per case; the rest is dropped and flagged.
    pub output_cap: usize,
    /// The job to run next in the same child once this one is done (the
    /// hidden cases of an attempt after its visible ones). Its job file
    /// reaches the child only then, so that nothing of it is in the child's
    /// memory while the first job's reports can still be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub then: Option<Box<JobRequest>>,
}

/// What a child needs to run its cases: written by the grader, read by the
/// child before it is sandboxed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobFile {
    /// The module name the learner file is registered under (its stem).
    pub module: String,
    pub learner_file: PathBuf,
    /// How tracebacks name learner files: relative to where grade runs.
    pub display_name: String,
    /// More learner modules of the challenge: (module name, path, display name).
    pub extra_files: Vec<(String, PathBuf, String)>,
    pub cases: Vec<CaseCode>,
}

/// The code of one case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseCode {
    pub setup: Option<String>,
    pub expr: Option<String>,
    /// Measure the tracemalloc peak while the case runs.
    pub trace_memory: bool,
    /// Time the case over several runs (for `max_ratio`).
    pub timed: bool,
}

/// A line on a child's results descriptor. The first byte says which.
#[derive(Debug)]
pub enum ChildLine {
    /// `L`: the learner module finished executing once, so a later hang is
    /// the case's own and the remaining cases are worth a new child.
    Loaded,
    /// `R{json}`: one case finished (a [`CaseResult`]).
    Result,
    /// `I{json}`: the learner's files do not compile (an [`InvalidSource`]).
    Invalid,
    /// `F{json}`: the child could not prepare itself (a JSON string).
    Failed,
    /// `S{micros}`: the child entered its sandbox, taking this long.
    Sandboxed,
}

impl ChildLine {
    pub const LOADED: u8 = b'L';
    pub const RESULT: u8 = b'R';
    pub const INVALID: u8 = b'I';
    pub const FAILED: u8 = b'F';
    pub const SANDBOXED: u8 = b'S';

    pub fn classify(line: &[u8]) -> Option<ChildLine> {
        match *line.first()? {
            Self::LOADED if line.len() == 1 => Some(ChildLine::Loaded),
            Self::RESULT => Some(ChildLine::Result),
            Self::INVALID => Some(ChildLine::Invalid),
            Self::FAILED => Some(ChildLine::Failed),
            Self::SANDBOXED => Some(ChildLine::Sandboxed),
            _ => None,
        }
    }
}

/// What running one case produced, before any judgement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseResult {
    pub case: usize,
    pub outcome: Outcome,
    pub seconds: f64,
    pub peak_bytes: Option<u64>,
    /// The fastest run of setup and expr, module loading excluded.
    pub best_seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Outcome {
    Value(Value),
    Raised(RaisedError),
}

/// An exception that escaped the case's code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RaisedError {
    /// `ValueError`, or `module.Qualname` outside builtins.
    pub type_name: String,
    /// Every class of its MRO, named the same way.
    pub mro: Vec<String>,
    pub message: String,
    /// Only the learner's frames and the case's own code.
    pub traceback: String,
}

/// A learner file that does not compile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvalidSource {
    pub kind: String,
    pub message: String,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub text: Option<String>,
}

/// What the zygote tells the grader.
#[derive(Debug, Serialize, Deserialize)]
pub enum ZygoteEvent {
    /// A case finished; its captured output comes with it.
    Result {
        job: u64,
        result: Box<RawValue>,
        output: String,
        output_truncated: bool,
    },
    /// The learner's files do not compile: no case ran.
    Invalid { job: u64, detail: Box<RawValue> },
    /// A child stopped before finishing its cases.
    Stopped {
        job: u64,
        /// The case that was running.
        case: usize,
        cause: StopCause,
        /// Whether the learner module had finished loading in that child: if
        /// not, the remaining cases would stop the same way and are not run.
        loaded: bool,
        /// Not even `case` ran: the child stopped in the job this one was
        /// chained to, before the learner module had loaded.
        #[serde(default)]
        chained: bool,
        output: String,
        output_truncated: bool,
        /// The end of what the child wrote on stderr (crash reasons).
        stderr_tail: String,
    },
    /// Every case of the job has a result or a stop.
    Done { job: u64 },
    /// The child could not set itself up (sandbox, files): an environment
    /// problem, not the learner's.
    Failed { job: u64, message: String },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum StopCause {
    Timeout {
        limit_ms: u64,
    },
    Exited {
        code: i32,
    },
    Signaled {
        signal: String,
    },
    /// The memory cgroup's OOM killer ended the child.
    OutOfMemory,
    /// The child broke the result protocol (closed or garbled it).
    Protocol {
        detail: String,
    },
}
