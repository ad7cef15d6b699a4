//! The messages between the grader, its zygote and the zygote's children.
//!
//! - Grader → zygote (its stdin): JSON lines, a [`Request::Setup`] first,
//!   then one [`Request::Job`] per job. A job's code is not in the request
//!   but in a [`JobFile`] only its child reads, so the zygote never holds it.
//! - Zygote → child: its [`Assignment`] (JSON lines on the control pipe), and
//!   `go` lines that release a child waiting for the zygote (see
//!   [`GO`]).
//! - Child → zygote: output and frames on one channel ([`Tag`]), a frame
//!   being `token tag payload \n`; a result's payload is a [`CaseResult`].
//! - Zygote → grader (its stdout): binary frames ([`Kind`]) relaying output
//!   and result bytes as they arrive, which the zygote never parses or
//!   keeps, plus its own [`ZygoteEvent`]s.
//!
//! Nothing here carries an expected value: those stay in the grader. All
//! that a child sends is untrusted; the grader checks it (`crate::runner`).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::exception_table::ExceptionTable;
use crate::value::Value;

/// A result frame longer than this is the child's violation: a value that
/// large is no answer to a case, and every such byte is the grader's memory.
pub const MAX_RESULT: usize = 8 << 20;

/// A message from the grader to its zygote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Once, first: what the zygote must prepare before its first fork.
    Setup(Setup),
    Job(JobRequest),
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Setup {
    /// Exception classes to resolve besides the builtins (`raises` names,
    /// classes the reference raised), so that children can report
    /// identities against them: those of visible cases only.
    pub exception_names: Vec<String>,
    /// A file (JSON, a list of names) of the exception classes only hidden
    /// cases name, resolved when the hidden phase begins: were they
    /// resolved at once, every visible child would inherit them (and their
    /// modules) and could read what the hidden cases expect. Children
    /// cannot open the file (it is in the jobs folder).
    #[serde(default)]
    pub hidden_exception_names: Option<PathBuf>,
    /// Standard-library modules for every child to inherit: those the
    /// visible cases' own code imports (never the learners', nor hidden
    /// cases', which would tell every child what they use). The zygote
    /// imports only those on its list of modules safe to import.
    #[serde(default)]
    pub imports: Vec<String>,
    /// The visible cases' `setup` and `expr` code, compiled once in the
    /// zygote for every child (never hidden cases' code).
    #[serde(default)]
    pub visible_setups: Vec<String>,
    #[serde(default)]
    pub visible_exprs: Vec<String>,
    /// The visible cases' test files (name, source), rewritten and
    /// compiled once in the zygote for every child.
    #[serde(default)]
    pub visible_test_files: Vec<(String, String)>,
    /// Where the zygote keeps test files' compiled code between runs (the
    /// user's cache; the zygote runs without the user's environment).
    #[serde(default)]
    pub test_code_cache: Option<PathBuf>,
    /// An environment's site-packages the instructor lets the course use
    /// (`--site-packages`): on every child's path, read-only in its
    /// sandbox.
    #[serde(default)]
    pub site_packages: Option<PathBuf>,
}

/// Some cases run in one child (and its continuations), as the zygote sees
/// them: where their code is, and their limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobRequest {
    pub id: u32,
    /// Jobs of one group share their learner modules: a unit that loaded in
    /// one has loaded (a later hang is a case's own), and one that never
    /// loaded is not tried again in the group's other jobs (its hidden
    /// cases are reported not run).
    pub group: u32,
    pub job_file: PathBuf,
    /// Hidden cases: they run only once no child that can still add to a
    /// visible report is running (SPEC §4).
    pub hidden: bool,
    pub cases: Vec<CasePlan>,
    pub memory_mb: u64,
    /// Captured output kept per case; the rest is dropped and flagged.
    pub output_cap: usize,
}

/// What the zygote needs to know of one case.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct CasePlan {
    pub timeout_ms: u64,
    /// Which unit (learner modules) of the job file the case runs against.
    pub unit: u32,
    /// The case runs first in a fresh child, and the kernel measures it.
    pub measured: bool,
}

/// The code of a job, read by its child before it is sandboxed: JSON
/// naming the units and cases, then the learner sources as raw bytes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JobFile {
    pub units: Vec<UnitCode>,
    pub cases: Vec<CaseCode>,
    /// The learner sources, after the JSON in the file.
    #[serde(skip)]
    pub blob: Vec<u8>,
}

/// One challenge's learner modules.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitCode {
    /// The module name the main file is registered under (its stem).
    pub module: String,
    /// How tracebacks name it: relative to where grade runs.
    pub display: String,
    pub source: Span,
    /// More modules, importable by their stem.
    pub extra: Vec<ExtraModule>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExtraModule {
    pub module: String,
    pub display: String,
    pub source: Span,
}

/// Where a source is in the job file's blob.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub len: usize,
}

/// The code of one case.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CaseCode {
    pub unit: u32,
    pub setup: Option<String>,
    pub expr: Option<String>,
}

const JOB_MAGIC: &[u8; 8] = b"GRADEJ1\n";

impl JobFile {
    /// Adds a source to the blob.
    pub fn add_source(&mut self, bytes: &[u8]) -> Span {
        let span = Span {
            start: self.blob.len(),
            len: bytes.len(),
        };
        self.blob.extend_from_slice(bytes);
        span
    }

    pub fn source(&self, span: Span) -> Option<&[u8]> {
        self.blob.get(span.start..span.start.checked_add(span.len)?)
    }

    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        let json = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        out.write_all(JOB_MAGIC)?;
        out.write_all(&(json.len() as u64).to_le_bytes())?;
        out.write_all(&json)?;
        out.write_all(&self.blob)
    }

    pub fn read(path: &Path) -> Result<JobFile, JobFileError> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut file| file.read_to_end(&mut bytes))
            .map_err(JobFileError::Read)?;
        let rest = bytes
            .strip_prefix(JOB_MAGIC.as_slice())
            .ok_or(JobFileError::Malformed)?;
        let (length, rest) = rest.split_at_checked(8).ok_or(JobFileError::Malformed)?;
        let length = u64::from_le_bytes(length.try_into().map_err(|_| JobFileError::Malformed)?);
        let length = usize::try_from(length).map_err(|_| JobFileError::Malformed)?;
        let (json, blob) = rest
            .split_at_checked(length)
            .ok_or(JobFileError::Malformed)?;
        let mut job: JobFile = serde_json::from_slice(json).map_err(|_| JobFileError::Malformed)?;
        job.blob = blob.to_vec();
        Ok(job)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JobFileError {
    #[error("cannot read the job: {0}")]
    Read(std::io::Error),
    #[error("the job file is malformed")]
    Malformed,
}

/// What a child is told to do: sent to a spare child when it gets its job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assignment {
    pub job_file: PathBuf,
    /// Indices of the job's cases to run, in order.
    pub cases: Vec<u32>,
    /// The first case is measured: after the `S` frame, and again after
    /// its result, wait for [`GO`], so that the zygote reads its figures
    /// with nothing else running.
    pub measured_first: bool,
    pub memory_mb: u64,
    pub cpu_seconds: u64,
}

/// The line that releases a child waiting on its control pipe.
pub const GO: &str = "go";

/// A frame on a child's channel; the first byte after the token says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `S{micros}`: the child entered its sandbox, taking this long. Before
    /// it, no learner code ran in the child.
    Sandboxed,
    /// `L{unit}`: the unit's module finished executing once, so a later
    /// hang is the case's own.
    Loaded,
    /// `R{json}`: one case finished (a [`CaseResult`]).
    Result,
    /// `F{json string}`: the child could not prepare itself. Honoured only
    /// before `S`.
    Failed,
    /// `K`: the case left processes running in the cell; the child waits
    /// for [`GO`] while the zygote kills them.
    Leftovers,
}

impl Tag {
    pub fn byte(self) -> u8 {
        match self {
            Tag::Sandboxed => b'S',
            Tag::Loaded => b'L',
            Tag::Result => b'R',
            Tag::Failed => b'F',
            Tag::Leftovers => b'K',
        }
    }

    pub fn from_byte(byte: u8) -> Option<Tag> {
        match byte {
            b'S' => Some(Tag::Sandboxed),
            b'L' => Some(Tag::Loaded),
            b'R' => Some(Tag::Result),
            b'F' => Some(Tag::Failed),
            b'K' => Some(Tag::Leftovers),
            _ => None,
        }
    }
}

/// What running one case produced, as the child tells it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseResult {
    /// The index of the case in its job.
    pub case: u32,
    /// How long the case took, as the child tells it: shown to the learner,
    /// never deciding anything (the zygote measures what does).
    pub seconds: f64,
    pub outcome: WireOutcome,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum WireOutcome {
    Value(Value),
    Raised(WireException),
    /// The learner module raised while it was executed for the case.
    LoadFailed(WireException),
    /// The case's unit does not compile.
    Invalid(WireCompileError),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireException {
    pub display: String,
    pub table: Vec<u32>,
    pub exact: Option<u32>,
    pub unlisted: Vec<String>,
    pub message: String,
    pub entries: Vec<WireTraceEntry>,
    pub exception_lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum WireTraceEntry {
    Frame {
        file: String,
        line: Option<u32>,
        function: String,
        source: Option<String>,
        carets: Option<String>,
    },
    Repeated(u32),
    Omitted(u32),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireCompileError {
    pub kind: String,
    pub message: String,
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub text: Option<String>,
}

/// The kinds of frame on the zygote's stdout: `kind: u8`, `job: u32`,
/// `length: u32` (little-endian), then `length` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A [`ZygoteEvent`] as JSON.
    Event,
    /// Output of the job's current case.
    Output,
    /// The current case printed more than its cap; the rest was dropped.
    OutputTruncated,
    /// Bytes of the job's child's stderr.
    Stderr,
    /// Bytes of the current case's result payload.
    ResultPart,
    /// The current case's result is complete; the payload is a
    /// [`CaseEnd`] as JSON, the zygote's own measurements.
    ResultEnd,
}

impl Kind {
    pub const HEADER: usize = 9;

    pub fn byte(self) -> u8 {
        match self {
            Kind::Event => 0,
            Kind::Output => 1,
            Kind::OutputTruncated => 2,
            Kind::Stderr => 3,
            Kind::ResultPart => 4,
            Kind::ResultEnd => 5,
        }
    }

    pub fn from_byte(byte: u8) -> Option<Kind> {
        Some(match byte {
            0 => Kind::Event,
            1 => Kind::Output,
            2 => Kind::OutputTruncated,
            3 => Kind::Stderr,
            4 => Kind::ResultPart,
            5 => Kind::ResultEnd,
            _ => return None,
        })
    }

    /// The header of a frame of this kind.
    pub fn header(self, job: u32, length: usize) -> [u8; Kind::HEADER] {
        let mut header = [0u8; Kind::HEADER];
        header[0] = self.byte();
        header[1..5].copy_from_slice(&job.to_le_bytes());
        header[5..9].copy_from_slice(&(length as u32).to_le_bytes());
        header
    }
}

/// What the zygote measured of a case, sent when its result is complete.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct CaseEnd {
    /// For a measured case: CPU time and memory peak above the baseline.
    pub cpu_ns: Option<u64>,
    pub peak_bytes: Option<u64>,
}

/// The zygote's own events. None carries bytes a child wrote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ZygoteEvent {
    /// Once, before any job: the exception table it resolved.
    Table(ExceptionTable),
    /// The child of a job stopped in a case (`not_run`: the case was not
    /// tried, its unit never having loaded).
    Stopped {
        case: u32,
        stop: WireStop,
        not_run: bool,
    },
    /// Every case of the job has a result or a stop.
    Done,
    /// A child could not set itself up (sandbox, files): the machine's
    /// problem, not the learner's.
    Failed { message: String },
    /// A child's scratch folder, to remove off the zygote's path.
    Discard { scratch: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireStop {
    Timeout { limit_ms: u64 },
    CpuLimit,
    OutOfMemory,
    Signaled { signal: i32 },
    Exited { code: i32 },
    HarnessBroken,
    Closed,
    Garbled,
    TooLarge,
    AfterLast,
    LateFailure,
}
