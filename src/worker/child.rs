//! The forked child: arranges its descriptors, reads its job, enters the
//! sandbox, then runs its assigned cases one by one and writes one result
//! frame per case. It never returns.
//!
//! Before the `S` frame no learner code has run in the process, so what it
//! reports is the grader's own (a set-up failure, the sandbox's cost). After
//! it, everything in the process is the learner's to rewrite, this code
//! included: whatever goes wrong is the submission's doing, and whatever
//! it writes is checked by the zygote and the grader as untrusted.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
use std::path::Path;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use super::canonical::canonical;
use super::protocol::{
    Assignment, CaseCode, CaseResult, JobFile, Tag, UnitCode, WireCompileError, WireException,
    WireOutcome, WireTraceEntry, GO,
};
use crate::sandbox;

/// The descriptor the child writes its frames to.
pub const RESULTS_FD: RawFd = 3;
/// Where the control pipe (assignments, `go`) is kept, out of the way.
const CONTROL_FD: RawFd = 100;

/// The exit code of a child whose harness stopped working once learner code
/// had run: the submission replaced or broke it. Its case is a `crash`, not
/// a grader failure.
pub const HARNESS_BROKEN: i32 = 101;
/// The exit code of a child that could not even report its set-up failure.
const SETUP_FAILED: i32 = 3;

/// Why a child gave up.
#[derive(Debug, thiserror::Error)]
enum Failure {
    /// Before any learner code ran: the job, the files or the sandbox. The
    /// machine's problem, reported as such.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// After: the learner's code broke the harness.
    #[error("the harness broke")]
    Harness,
}

/// What failed while a child set itself up, before learner code ran.
#[derive(Debug, thiserror::Error)]
enum SetupError {
    #[error(transparent)]
    Job(#[from] crate::worker::protocol::JobFileError),
    #[error("cannot enter the scratch folder: {0}")]
    Scratch(std::io::Error),
    #[error("the harness: {0}")]
    Harness(PyErr),
    #[error("sandbox: {0}")]
    Sandbox(#[from] sandbox::SandboxError),
    #[error("cannot write to the zygote: {0}")]
    Write(std::io::Error),
}

/// What a spare child inherits from the zygote before it has a job.
pub struct SpareSetup<'a> {
    pub scratch: &'a Path,
    /// Both the child's stdout and its frames, so that output and results
    /// arrive in the order they were written.
    pub channel: OwnedFd,
    pub stderr: OwnedFd,
    /// Assignments and `go` lines from the zygote, one per line.
    pub control: OwnedFd,
    pub token: &'a [u8],
    pub host: &'a sandbox::Host,
    pub cell: &'a sandbox::Cell,
    /// Folders it may read besides the Python installation.
    pub read_only: &'a [std::path::PathBuf],
}

/// A spare child: joins its cell while it waits, then runs the job it is
/// given. Without a job (the zygote closed the pipe) it exits quietly.
pub fn run_spare(py: Python<'_>, harness: &Bound<'_, PyModule>, spare: SpareSetup<'_>) -> ! {
    // SAFETY: a fresh fork with a single thread; setpgid has no memory effects.
    if unsafe { libc::setpgid(0, 0) } != 0 {
        exit(SETUP_FAILED);
    }
    let admitted = spare.cell.admit();
    let mut control = BufReader::new(std::fs::File::from(spare.control));
    let Some(assignment) = read_assignment(&mut control) else {
        exit(0)
    };
    let SpareSetup {
        scratch,
        channel,
        stderr,
        token,
        host,
        cell,
        read_only,
        ..
    } = spare;
    let mut channels = match Channels::arrange(channel, stderr, control) {
        Ok(channels) => channels,
        Err(_) => exit(SETUP_FAILED),
    };
    let place = Place {
        scratch,
        token,
        host,
        cell,
        read_only,
    };
    let code = match admitted
        .map_err(|e| Failure::Setup(e.into()))
        .and_then(|()| prepare_and_run(py, harness, &place, &assignment, &mut channels))
    {
        Ok(()) => 0,
        Err(Failure::Setup(error)) => {
            let line = serde_json::to_string(&error.to_string()).unwrap_or_default();
            let _ = write_frame(&mut channels.results, place.token, Tag::Failed, &line);
            SETUP_FAILED
        }
        Err(Failure::Harness) => HARNESS_BROKEN,
    };
    let _ = channels.results.flush();
    exit(code)
}

fn exit(code: i32) -> ! {
    // SAFETY: _exit ends the process without running atexit handlers or
    // finalizers of the learner's run; it cannot fail.
    unsafe { libc::_exit(code) }
}

fn read_assignment(control: &mut BufReader<std::fs::File>) -> Option<Assignment> {
    let mut line = String::new();
    match control.read_line(&mut line) {
        Ok(n) if n > 0 => serde_json::from_str(&line).ok(),
        _ => None,
    }
}

/// The child's descriptors once arranged: 0 is /dev/null, 1 and
/// [`RESULTS_FD`] the channel, 2 stderr, [`CONTROL_FD`] the control pipe,
/// nothing else open.
struct Channels {
    results: std::fs::File,
    control: BufReader<std::fs::File>,
}

impl Channels {
    fn arrange(
        channel: OwnedFd,
        stderr: OwnedFd,
        control: BufReader<std::fs::File>,
    ) -> std::io::Result<Channels> {
        let control = control.into_inner().into_raw_fd();
        let null = std::fs::File::open("/dev/null")?;
        // In this order, so that no slot is taken before what it would
        // overwrite has its own (the zygote's 0-2 are open, so every
        // descriptor here is above 2).
        for (from, to) in [
            (control, CONTROL_FD),
            (null.as_raw_fd(), 0),
            (channel.as_raw_fd(), 1),
            (stderr.as_raw_fd(), 2),
            (channel.as_raw_fd(), RESULTS_FD),
        ] {
            // SAFETY: dup2 on descriptors this process owns; the targets are
            // the fixed slots above, which nothing else of this process uses.
            if unsafe { libc::dup2(from, to) } < 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        // The originals (and every other descriptor inherited from the
        // zygote) go; only the slots above stay.
        std::mem::forget(channel);
        std::mem::forget(stderr);
        std::mem::forget(null);
        for (low, high) in [
            (RESULTS_FD + 1, CONTROL_FD - 1),
            (CONTROL_FD + 1, RawFd::MAX),
        ] {
            // SAFETY: close_range closes descriptors only; none of those in
            // the ranges is referenced by a Rust object any more.
            if unsafe { libc::syscall(libc::SYS_close_range, low as u32, high as u32, 0) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        // SAFETY: the slots were just set up by dup2 and are owned by
        // nothing else.
        let (results, control) = unsafe {
            (
                std::fs::File::from_raw_fd(RESULTS_FD),
                std::fs::File::from_raw_fd(CONTROL_FD),
            )
        };
        Ok(Channels {
            results,
            control: BufReader::new(control),
        })
    }

    /// Blocks until the zygote says `go`.
    fn wait_for_go(&mut self) -> Result<(), Failure> {
        let mut line = String::new();
        match self.control.read_line(&mut line) {
            Ok(_) if line.trim_end() == GO => Ok(()),
            _ => Err(Failure::Harness),
        }
    }
}

/// Where a child works: what it keeps of its [`SpareSetup`].
struct Place<'a> {
    scratch: &'a Path,
    token: &'a [u8],
    host: &'a sandbox::Host,
    cell: &'a sandbox::Cell,
    read_only: &'a [std::path::PathBuf],
}

fn prepare_and_run(
    py: Python<'_>,
    harness: &Bound<'_, PyModule>,
    spare: &Place<'_>,
    assignment: &Assignment,
    channels: &mut Channels,
) -> Result<(), Failure> {
    let job = JobFile::read(&assignment.job_file).map_err(SetupError::from)?;
    std::env::set_current_dir(spare.scratch).map_err(SetupError::Scratch)?;
    harness
        .getattr("prepare")
        .and_then(|prepare| prepare.call1((spare.scratch.display().to_string(),)))
        .map_err(SetupError::Harness)?;
    // Opened now: the cell's files are out of reach once sandboxed.
    let procs = spare.cell.open_procs();
    let limits = sandbox::Limits {
        memory_mb: assignment.memory_mb,
        cpu_seconds: assignment.cpu_seconds,
        ..sandbox::Limits::default()
    };
    let sandboxing = std::time::Instant::now();
    sandbox::enter(
        spare.host,
        spare.cell,
        &sandbox::Policy {
            scratch: spare.scratch,
            read_only: spare.read_only,
            limits,
        },
    )
    .map_err(SetupError::from)?;
    let micros = sandboxing.elapsed().as_micros().to_string();
    write_frame(&mut channels.results, spare.token, Tag::Sandboxed, &micros)
        .map_err(SetupError::Write)?;
    if assignment.measured_first {
        channels.wait_for_go()?;
    }
    // From here on learner code runs: every failure is the submission's.
    harness
        .setattr("_TOKEN", PyBytes::new(py, spare.token))
        .map_err(|_| Failure::Harness)?;
    let mut runner = Runner {
        py,
        harness,
        scratch: spare.scratch,
        token: spare.token,
        units: HashMap::new(),
        procs,
        pid: std::process::id() as i32,
    };
    runner.run(&job, assignment, channels)
}

/// A unit's learner modules, compiled once per child.
enum Unit<'py> {
    Loaded {
        learner: Bound<'py, PyAny>,
        files: Bound<'py, PyAny>,
    },
    Invalid(WireCompileError),
}

struct Runner<'a, 'py> {
    py: Python<'py>,
    harness: &'a Bound<'py, PyModule>,
    scratch: &'a Path,
    token: &'a [u8],
    units: HashMap<u32, Unit<'py>>,
    /// The cell's process list, to see whether a case left processes.
    procs: Option<std::fs::File>,
    /// This process's pid, read once.
    pid: i32,
}

impl<'py> Runner<'_, 'py> {
    /// Runs the assigned cases of the job, one result frame each.
    fn run(
        &mut self,
        job: &JobFile,
        assignment: &Assignment,
        channels: &mut Channels,
    ) -> Result<(), Failure> {
        for (position, &index) in assignment.cases.iter().enumerate() {
            let case = job.cases.get(index as usize).ok_or(Failure::Harness)?;
            let started = std::time::Instant::now();
            let outcome = self.run_case(job, case)?;
            let result = CaseResult {
                case: index,
                seconds: started.elapsed().as_secs_f64(),
                outcome,
            };
            let line = serde_json::to_string(&result).map_err(|_| Failure::Harness)?;
            write_frame(&mut channels.results, self.token, Tag::Result, &line)
                .map_err(|_| Failure::Harness)?;
            if position == 0 && assignment.measured_first {
                channels.wait_for_go()?;
            }
            if self.left_processes() {
                write_frame(&mut channels.results, self.token, Tag::Leftovers, "")
                    .map_err(|_| Failure::Harness)?;
                channels.wait_for_go()?;
            }
        }
        Ok(())
    }

    /// Whether a process other than this one is in the cell: what the case
    /// started is gone before the next case starts (SPEC §4).
    fn left_processes(&self) -> bool {
        self.procs.as_ref().is_some_and(|procs| {
            sandbox::read_procs(procs).is_ok_and(|pids| pids.iter().any(|&pid| pid != self.pid))
        })
    }

    fn run_case(&mut self, job: &JobFile, case: &CaseCode) -> Result<WireOutcome, Failure> {
        if !self.units.contains_key(&case.unit) {
            let code = job.units.get(case.unit as usize).ok_or(Failure::Harness)?;
            let unit = self.load(job, code, case.unit)?;
            self.units.insert(case.unit, unit);
        }
        let (learner, files) = match &self.units[&case.unit] {
            Unit::Loaded { learner, files } => (learner.clone(), files.clone()),
            Unit::Invalid(invalid) => return Ok(WireOutcome::Invalid(invalid.clone())),
        };
        let ran = self
            .harness
            .getattr("run_case")
            .and_then(|run| {
                run.call1((
                    &learner,
                    case.unit,
                    case.setup.as_deref(),
                    case.expr.as_deref(),
                ))
            })
            .map_err(|_| Failure::Harness)?;
        let ran = ran.cast::<PyTuple>().map_err(|_| Failure::Harness)?;
        let kind: String = ran
            .get_item(0)
            .and_then(|k| k.extract())
            .map_err(|_| Failure::Harness)?;
        let payload = ran.get_item(1).map_err(|_| Failure::Harness)?;
        Ok(match kind.as_str() {
            "value" => {
                let repr_of = self
                    .harness
                    .getattr("repr_of")
                    .map_err(|_| Failure::Harness)?;
                WireOutcome::Value(canonical(&payload, &repr_of))
            }
            "raised" => WireOutcome::Raised(self.describe(&payload, &files)?),
            _ => WireOutcome::LoadFailed(self.describe(&payload, &files)?),
        })
    }

    /// Compiles a unit's files, copied into the scratch folder first: the
    /// sandbox hides the originals, and code that reads its own `__file__`
    /// (or imports a sibling by path) finds them there.
    fn load(&self, job: &JobFile, code: &UnitCode, unit: u32) -> Result<Unit<'py>, Failure> {
        // Challenges of one job work in folders of their own: what one
        // leaves (a database file) is not another's.
        let folder = if job.units.len() > 1 {
            let folder = self.scratch.join(format!("challenge-{unit}"));
            std::fs::create_dir_all(&folder).map_err(|_| Failure::Harness)?;
            folder
        } else {
            self.scratch.to_path_buf()
        };
        let source = job.source(code.source).ok_or(Failure::Harness)?;
        let main_path = copy(&folder, &code.module, source)?;
        let mut extra = Vec::new();
        for module in &code.extra {
            let text = job.source(module.source).ok_or(Failure::Harness)?;
            let path = copy(&folder, &module.module, text)?;
            extra.push((
                module.module.as_str(),
                path,
                module.display.as_str(),
                PyBytes::new(self.py, text),
            ));
        }
        let loaded = self.harness.getattr("load").and_then(|load| {
            load.call1((
                code.module.as_str(),
                main_path.as_str(),
                code.display.as_str(),
                PyBytes::new(self.py, source),
                PyList::new(self.py, extra)?,
            ))
        });
        match loaded {
            Ok(learner) => {
                let files = learner.getattr("files").map_err(|_| Failure::Harness)?;
                Ok(Unit::Loaded { learner, files })
            }
            Err(error) => Ok(Unit::Invalid(self.compile_error(&error, &code.display))),
        }
    }

    fn describe(
        &self,
        error: &Bound<'py, PyAny>,
        files: &Bound<'py, PyAny>,
    ) -> Result<WireException, Failure> {
        let described = self
            .harness
            .getattr("describe_exception")
            .and_then(|describe| describe.call1((error, files)))
            .map_err(|_| Failure::Harness)?;
        let (display, table, exact, unlisted, message, entries, exception_lines): Described<'py> =
            described.extract().map_err(|_| Failure::Harness)?;
        let entries = entries
            .iter()
            .map(trace_entry)
            .collect::<Option<Vec<_>>>()
            .ok_or(Failure::Harness)?;
        Ok(WireException {
            display,
            table,
            exact,
            unlisted,
            message,
            entries,
            exception_lines,
        })
    }

    fn compile_error(&self, error: &PyErr, display: &str) -> WireCompileError {
        let value = error.value(self.py);
        let info = self
            .harness
            .getattr("syntax_error")
            .and_then(|f| f.call1((value,)))
            .and_then(|info| {
                info.extract::<(String, Option<u64>, Option<u64>, Option<String>, String)>()
            });
        let file = value
            .getattr("filename")
            .and_then(|f| f.extract::<String>())
            .unwrap_or_else(|_| display.to_owned());
        match info {
            Ok((message, line, column, text, kind)) => WireCompileError {
                kind,
                message,
                file,
                line,
                column,
                text,
            },
            Err(_) => WireCompileError {
                kind: "SyntaxError".to_owned(),
                message: error.to_string(),
                file,
                line: None,
                column: None,
                text: None,
            },
        }
    }
}

/// What `describe_exception` returns: display name, table indices of the
/// MRO, table index of the class, names outside the table, message,
/// traceback entries, exception lines.
type Described<'py> = (
    String,
    Vec<u32>,
    Option<u32>,
    Vec<String>,
    String,
    Vec<Bound<'py, PyTuple>>,
    Vec<String>,
);

/// One entry of `describe_exception`'s traceback list.
fn trace_entry(entry: &Bound<'_, PyTuple>) -> Option<WireTraceEntry> {
    let kind: String = entry.get_item(0).ok()?.extract().ok()?;
    match kind.as_str() {
        "frame" => {
            let (_, file, line, function, source, carets): (
                String,
                String,
                Option<u32>,
                String,
                Option<String>,
                Option<String>,
            ) = entry.extract().ok()?;
            Some(WireTraceEntry::Frame {
                file,
                line,
                function,
                source,
                carets,
            })
        }
        "repeated" => Some(WireTraceEntry::Repeated(
            entry.get_item(1).ok()?.extract().ok()?,
        )),
        "omitted" => Some(WireTraceEntry::Omitted(
            entry.get_item(1).ok()?.extract().ok()?,
        )),
        _ => None,
    }
}

/// One frame, in a single write so that it stays whole in the pipe.
fn write_frame(
    out: &mut std::fs::File,
    token: &[u8],
    tag: Tag,
    payload: &str,
) -> std::io::Result<()> {
    let mut line = Vec::with_capacity(token.len() + payload.len() + 2);
    line.extend_from_slice(token);
    line.push(tag.byte());
    line.extend_from_slice(payload.as_bytes());
    line.push(b'\n');
    out.write_all(&line)
}

/// Copies a learner file into `folder`, where its `__file__` points. The
/// scratch folder is the learner's: a file it put in the way is its doing.
fn copy(folder: &Path, module: &str, text: &[u8]) -> Result<String, Failure> {
    let path = folder.join(format!("{module}.py"));
    std::fs::write(&path, text).map_err(|_| Failure::Harness)?;
    Ok(path.display().to_string())
}
