//! What running one case produced, as the grader understands it: the
//! [`Execution`] that the runner builds from what the worker sent (every
//! field checked there) and the judge compares with the case's spec.
//!
//! Nothing here is a wire type. Everything that came from a child is
//! learner-controlled: texts are raw (the report escapes and caps them when
//! it shows them), numbers are within the bounds the runner checked.
//! Measurements are the zygote's (wall clock, kernel CPU time and memory
//! peak), never the child's word.

use std::time::Duration;

use crate::value::Value;

/// One case's run.
#[derive(Debug, Clone)]
pub struct Execution {
    pub outcome: Outcome,
    /// What the case printed, up to the capture limit.
    pub output: Output,
    /// Wall time from the case's start to its result, measured by the
    /// zygote; None when the case never finished.
    pub wall: Option<Duration>,
    /// Kernel measurements of a case that ran alone in a fresh child
    /// (`max_peak_kb`, `max_ratio` cases).
    pub measurement: Option<Measurement>,
}

impl Execution {
    /// An execution that produced nothing but this outcome.
    pub fn bare(outcome: Outcome) -> Execution {
        Execution {
            outcome,
            output: Output::default(),
            wall: None,
            measurement: None,
        }
    }
}

/// Captured output of a case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Decoded as UTF-8, invalid bytes replaced.
    pub text: String,
    /// More was printed than the capture limit kept.
    pub truncated: bool,
}

/// What the kernel measured of a case that ran alone in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measurement {
    /// CPU time of every process of the case (module load, setup, expr).
    pub cpu_ns: u64,
    /// How far the case's memory rose above what its process held before
    /// it started, in bytes.
    pub peak_bytes: u64,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    /// `expr` evaluated to this (None when the case has no `expr`).
    Returned(Value),
    /// `setup` or `expr` raised.
    Raised(Exception),
    /// The learner module itself raised while it was executed for the
    /// case: no case can be judged against a module that does not load.
    LoadFailed(Exception),
    /// The learner's files do not compile.
    Invalid(CompileError),
    /// The worker stopped in this case, or (`not_run`) stopped earlier in a
    /// way that means this case was not tried.
    Stopped {
        stop: Stop,
        /// The end of what the child wrote on stderr.
        stderr_tail: String,
        not_run: bool,
    },
    /// A learner file could not be read as the learner could read it.
    Unreadable(FileProblem),
}

/// An exception that escaped the case's code.
#[derive(Debug, Clone, PartialEq)]
pub struct Exception {
    pub class: ExceptionClass,
    /// `str()` of the exception.
    pub message: String,
    pub traceback: Traceback,
}

/// Who an exception's class is. Identity is established in the child
/// against the zygote's table of class objects (captured before any learner
/// code ran) and carried as indices into it; a class outside the table is
/// known only by the names it gives itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionClass {
    /// `module.Qualname` (bare for builtins), as the class names itself:
    /// for display only.
    pub display: String,
    /// Table indices of the classes of its MRO that are in the table.
    pub table: Vec<u32>,
    /// The table index of the class itself, when it is a table class.
    pub exact: Option<u32>,
    /// `module.Qualname` of the classes of its MRO outside the table, the
    /// class itself first when it is one of them.
    pub unlisted: Vec<String>,
}

/// The learner's frames of a traceback and the exception's own lines, as
/// CPython's `traceback` module would print them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traceback {
    pub entries: Vec<TraceEntry>,
    /// `format_exception_only`: the exception line(s), notes included.
    pub exception_lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceEntry {
    Frame(Frame),
    /// "[Previous line repeated N more times]".
    Repeated(u32),
    /// Frames left out of a long traceback.
    Omitted(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// As tracebacks name it: the learner file's display name, `<setup>` or
    /// `<expr>`.
    pub file: String,
    pub line: Option<u32>,
    pub function: String,
    /// The source line, stripped.
    pub source: Option<String>,
    /// The `~~^^` line under it, already indented.
    pub carets: Option<String>,
}

/// A learner file that does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// `SyntaxError`, `IndentationError`, `TabError`, `ValueError` (NUL bytes)…
    pub kind: String,
    pub message: String,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub text: Option<String>,
}

/// Why a case's worker stopped before it reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Over its wall-time limit.
    Timeout { limit_ms: u64 },
    /// `RLIMIT_CPU` (SIGXCPU): used up its CPU time.
    CpuLimit,
    /// The memory cgroup's OOM killer ended the child.
    OutOfMemory,
    /// Killed by a signal (its number: real-time signals have no name in
    /// nix).
    Signaled(i32),
    /// Exited in the middle of the case (`os._exit`).
    Exited { code: i32 },
    /// The harness stopped working once learner code had run.
    HarnessBroken,
    /// What the child sent broke the protocol.
    Protocol(Violation),
}

/// How a child broke the result protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("it closed the result channel")]
    Closed,
    #[error("it wrote something that is not a result")]
    Garbled,
    #[error("a result is too large")]
    TooLarge,
    #[error("a result does not belong to this case")]
    WrongCase,
    #[error("it wrote after its last result")]
    AfterLast,
    #[error("it claimed a set-up failure after learner code had run")]
    LateFailure,
    #[error("it reported no result for this case")]
    NoResult,
    #[error("the runs of this measured case came to different outcomes")]
    Inconsistent,
}

/// A learner file that could not be read beneath the submission root.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("{file} is missing")]
    Missing { file: String },
    #[error(
        "{file} is a symbolic link, or lies under one: grade reads only the submission's own files"
    )]
    Link { file: String },
    #[error("{file} is not a regular file")]
    NotAFile { file: String },
    #[error("{file} is too large: {bytes} bytes, the limit is {limit}")]
    TooLarge {
        file: String,
        bytes: u64,
        limit: u64,
    },
    #[error("{file} cannot be read: {reason}")]
    Unreadable { file: String, reason: String },
    #[error("files in {file} changed while they were graded, so the hidden cases did not run: grade again")]
    Changed { file: String },
}
