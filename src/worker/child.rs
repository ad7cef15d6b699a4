//! The forked child: arranges its descriptors, reads its job and the
//! learner's files, enters the sandbox, then runs its cases one by one and
//! writes one result line per case. It never returns.

use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
use std::path::Path;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use super::canonical::canonical;
use super::protocol::{
    CaseCode, CaseResult, ChildLine, InvalidSource, JobFile, Outcome, RaisedError,
};
use crate::sandbox;

/// The descriptor the child writes its result lines to.
pub const RESULTS_FD: RawFd = 3;

/// The exit code of a child whose harness stopped working once learner code
/// had run: the submission replaced or broke it. Its case is a `crash`, not
/// a grader failure.
pub const HARNESS_BROKEN: i32 = 101;

/// Why a child gave up.
enum Failure {
    /// Before any learner code ran: the job, the files or the sandbox. The
    /// machine's problem, reported as such.
    Setup(String),
    /// After: the learner's code broke the harness.
    Harness,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Setup(message)
    }
}

/// What a spare child is told when it gets its job.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Assignment {
    pub job_file: std::path::PathBuf,
    pub first_case: usize,
    pub memory_mb: u64,
    pub cpu_seconds: u64,
    /// Another job follows this one in the same child: once its last result
    /// is written, the child reads the path of the next job file (a link in
    /// its scratch folder) from the assignment pipe.
    #[serde(default)]
    pub then: bool,
}

/// What a spare child inherits from the zygote before it has a job.
pub struct SpareSetup<'a> {
    pub scratch: &'a Path,
    pub channel: OwnedFd,
    pub stderr: OwnedFd,
    /// Read once: the [`Assignment`], as one JSON line.
    pub assignment: OwnedFd,
    pub token: &'a [u8],
    pub host: &'a sandbox::Host,
    pub cell: &'a sandbox::Cell,
}

/// A spare child: joins its cell while it waits, then runs the job it is
/// given. Without a job (the zygote closed the pipe) it exits quietly.
pub fn run_spare(py: Python<'_>, harness: &Bound<'_, PyModule>, spare: SpareSetup<'_>) -> ! {
    // SAFETY: a fresh fork with a single thread.
    unsafe { libc::setpgid(0, 0) };
    let admitted = spare.cell.admit();
    let mut line = String::new();
    let mut reader = std::io::BufReader::new(std::fs::File::from(spare.assignment));
    let assignment = match std::io::BufRead::read_line(&mut reader, &mut line) {
        Ok(n) if n > 0 => serde_json::from_str::<Assignment>(&line).ok(),
        _ => None,
    };
    let Some(assignment) = assignment else {
        // SAFETY: leaving without running any finalizer.
        unsafe { libc::_exit(0) }
    };
    let setup = ChildSetup {
        job_file: &assignment.job_file,
        first_case: assignment.first_case,
        scratch: spare.scratch,
        channel: spare.channel,
        stderr: spare.stderr,
        token: spare.token,
        host: spare.host,
        cell: spare.cell,
        chained: assignment.then.then_some(reader),
        limits: sandbox::Limits {
            memory_mb: assignment.memory_mb,
            cpu_seconds: assignment.cpu_seconds,
            ..sandbox::Limits::default()
        },
    };
    if let Err(error) = admitted {
        fail_setup(setup, &format!("sandbox: {error}"));
    }
    run(py, harness, setup)
}

/// Reports a set-up failure on the channel and exits.
fn fail_setup(mut setup: ChildSetup<'_>, message: &str) -> ! {
    // SAFETY: as in `run`.
    unsafe { arrange_descriptors(&mut setup) };
    let mut results = unsafe { std::fs::File::from_raw_fd(RESULTS_FD) };
    let line = serde_json::to_string(message).unwrap_or_default();
    let _ = write_frame(&mut results, setup.token, ChildLine::FAILED, &line);
    unsafe { libc::_exit(3) }
}

/// Everything the child inherits from the zygote for one run.
pub struct ChildSetup<'a> {
    pub job_file: &'a Path,
    pub first_case: usize,
    pub scratch: &'a Path,
    /// Both the child's stdout and its result frames, so that output and
    /// results arrive in the order they were written.
    pub channel: OwnedFd,
    pub stderr: OwnedFd,
    /// Marks result frames in the channel.
    pub token: &'a [u8],
    pub host: &'a sandbox::Host,
    pub cell: &'a sandbox::Cell,
    pub limits: sandbox::Limits,
    /// Where the path of the next job comes from, when one follows.
    pub chained: Option<std::io::BufReader<std::fs::File>>,
}

pub fn run(py: Python<'_>, harness: &Bound<'_, PyModule>, mut setup: ChildSetup<'_>) -> ! {
    // SAFETY: the process is a fresh fork with a single thread; these calls
    // only rearrange descriptors before any other code runs.
    unsafe { arrange_descriptors(&mut setup) };
    let mut results = unsafe { std::fs::File::from_raw_fd(RESULTS_FD) };
    let code = match prepare_and_run(py, harness, &mut setup, &mut results) {
        Ok(()) => 0,
        Err(Failure::Setup(message)) => {
            let line = serde_json::to_string(&message).unwrap_or_default();
            let _ = write_frame(&mut results, setup.token, ChildLine::FAILED, &line);
            3
        }
        Err(Failure::Harness) => HARNESS_BROKEN,
    };
    let _ = results.flush();
    // _exit: no atexit handlers or finalizers of the learner's run.
    unsafe { libc::_exit(code) }
}

unsafe fn arrange_descriptors(setup: &mut ChildSetup<'_>) {
    libc::setpgid(0, 0);
    // The pipe of chained jobs stays open, out of the way of 0-3 first.
    let chained = setup.chained.take().map(|reader| {
        let fd = reader.into_inner().into_raw_fd();
        let moved = libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 100);
        libc::close(fd);
        moved
    });
    libc::dup2(setup.channel.as_raw_fd(), 1);
    libc::dup2(setup.stderr.as_raw_fd(), 2);
    libc::dup2(setup.channel.as_raw_fd(), RESULTS_FD);
    let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY);
    if null >= 0 {
        libc::dup2(null, 0);
    }
    match chained {
        Some(fd) if fd > RESULTS_FD => {
            libc::syscall(libc::SYS_close_range, RESULTS_FD + 1, fd - 1, 0);
            libc::syscall(libc::SYS_close_range, fd + 1, u32::MAX, 0);
            setup.chained = Some(std::io::BufReader::new(std::fs::File::from_raw_fd(fd)));
        }
        _ => {
            libc::syscall(libc::SYS_close_range, RESULTS_FD + 1, u32::MAX, 0);
        }
    }
}

fn prepare_and_run(
    py: Python<'_>,
    harness: &Bound<'_, PyModule>,
    setup: &mut ChildSetup<'_>,
    results: &mut std::fs::File,
) -> Result<(), Failure> {
    let job: JobFile = serde_json::from_slice(
        &std::fs::read(setup.job_file).map_err(|e| format!("cannot read the job: {e}"))?,
    )
    .map_err(|e| format!("malformed job: {e}"))?;
    let source = std::fs::read(&job.learner_file)
        .map_err(|e| format!("cannot read {}: {e}", job.learner_file.display()))?;
    let mut extra = Vec::new();
    for (module, path, display) in &job.extra_files {
        let text =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        extra.push((module.clone(), display.clone(), text));
    }
    // The learner's files are copied into the scratch folder: the sandbox
    // hides the originals, and code that reads its own `__file__` (or
    // imports a sibling by path) finds them there.
    let copy = |module: &str, text: &[u8]| -> Result<String, String> {
        let path = setup.scratch.join(format!("{module}.py"));
        std::fs::write(&path, text).map_err(|e| format!("cannot copy a learner file: {e}"))?;
        Ok(path.display().to_string())
    };
    let learner_path = copy(&job.module, &source)?;
    let mut extra_copies = Vec::new();
    for (module, display, text) in &extra {
        extra_copies.push((
            module.as_str(),
            copy(module, text)?,
            display.as_str(),
            text.as_slice(),
        ));
    }
    std::env::set_current_dir(setup.scratch)
        .map_err(|e| format!("cannot enter the scratch folder: {e}"))?;
    let sandboxing = std::time::Instant::now();
    sandbox::enter(
        setup.host,
        setup.cell,
        &sandbox::Policy {
            scratch: setup.scratch,
            limits: setup.limits,
        },
    )
    .map_err(|e| format!("sandbox: {e}"))?;
    let micros = sandboxing.elapsed().as_micros().to_string();
    write_frame(results, setup.token, ChildLine::SANDBOXED, &micros)?;

    let extra_py: Vec<_> = extra_copies
        .iter()
        .map(|(module, path, display, text)| {
            (*module, path.as_str(), *display, PyBytes::new(py, text))
        })
        .collect();
    harness
        .setattr("_TOKEN", PyBytes::new(py, setup.token))
        .map_err(|e| e.to_string())?;
    let learner = match harness.getattr("load").and_then(|load| {
        load.call1((
            job.module.as_str(),
            learner_path.as_str(),
            job.display_name.as_str(),
            PyBytes::new(py, &source),
            PyList::new(py, extra_py)?,
        ))
    }) {
        Ok(learner) => learner,
        Err(error) => {
            let invalid = invalid_source(py, harness, &error, &job.display_name);
            let line = serde_json::to_string(&invalid).map_err(|e| e.to_string())?;
            write_frame(results, setup.token, ChildLine::INVALID, &line)?;
            return Ok(());
        }
    };
    let cases = Cases {
        learner: &learner,
        files: learner.getattr("files").map_err(|e| e.to_string())?,
        run_case: harness.getattr("run_case").map_err(|e| e.to_string())?,
        describe: harness
            .getattr("describe_exception")
            .map_err(|e| e.to_string())?,
        repr_of: harness.getattr("repr_of").map_err(|e| e.to_string())?,
        token: setup.token,
    };
    cases.run(&job.cases, setup.first_case, results)?;
    while let Some(chained) = setup.chained.as_mut() {
        // From here on learner code has run: a next job that cannot be read
        // is the submission's doing (it can reach its scratch folder).
        let mut path = String::new();
        match std::io::BufRead::read_line(chained, &mut path) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
        let next: JobFile = std::fs::read(path.trim_end())
            .ok()
            .and_then(|text| serde_json::from_slice(&text).ok())
            .ok_or(Failure::Harness)?;
        cases.run(&next.cases, 0, results)?;
    }
    Ok(())
}

/// What running cases needs, looked up once per child.
struct Cases<'a, 'py> {
    learner: &'a Bound<'py, PyAny>,
    files: Bound<'py, PyAny>,
    run_case: Bound<'py, PyAny>,
    describe: Bound<'py, PyAny>,
    repr_of: Bound<'py, PyAny>,
    token: &'a [u8],
}

impl Cases<'_, '_> {
    /// Runs `cases` from `first` on, one result frame each.
    fn run(
        &self,
        cases: &[CaseCode],
        first: usize,
        results: &mut std::fs::File,
    ) -> Result<(), Failure> {
        for (index, case) in cases.iter().enumerate().skip(first) {
            // Learner code has run: whatever goes wrong with the harness
            // is the submission's doing.
            let ran = self
                .run_case
                .call1((
                    self.learner,
                    case.setup.as_deref(),
                    case.expr.as_deref(),
                    case.trace_memory,
                    case.timed,
                ))
                .map_err(|_| Failure::Harness)?;
            let ran = ran.cast::<PyTuple>().map_err(|_| Failure::Harness)?;
            let kind: String = ran
                .get_item(0)
                .and_then(|k| k.extract())
                .map_err(|_| Failure::Harness)?;
            let payload = ran.get_item(1).map_err(|_| Failure::Harness)?;
            let seconds: f64 = ran.get_item(2).and_then(|s| s.extract()).unwrap_or(0.0);
            let peak_bytes: Option<u64> = ran.get_item(3).and_then(|p| p.extract()).unwrap_or(None);
            let best_seconds: f64 = ran.get_item(4).and_then(|s| s.extract()).unwrap_or(seconds);
            let outcome = if kind == "value" {
                Outcome::Value(canonical(&payload, &self.repr_of))
            } else {
                Outcome::Raised(raised_error(&self.describe, &payload, &self.files))
            };
            let result = CaseResult {
                case: index,
                outcome,
                seconds,
                peak_bytes,
                best_seconds,
            };
            let line = serde_json::to_string(&result).map_err(|_| Failure::Harness)?;
            write_frame(results, self.token, ChildLine::RESULT, &line)
                .map_err(|_| Failure::Harness)?;
        }
        Ok(())
    }
}

/// One frame, in a single write so that it stays whole in the pipe.
fn write_frame(out: &mut std::fs::File, token: &[u8], tag: u8, json: &str) -> Result<(), String> {
    let mut line = Vec::with_capacity(token.len() + json.len() + 2);
    line.extend_from_slice(token);
    line.push(tag);
    line.extend_from_slice(json.as_bytes());
    line.push(b'\n');
    out.write_all(&line)
        .map_err(|e| format!("cannot write a result: {e}"))
}

fn raised_error(
    describe: &Bound<'_, PyAny>,
    error: &Bound<'_, PyAny>,
    files: &Bound<'_, PyAny>,
) -> RaisedError {
    let described = describe
        .call1((error, files))
        .and_then(|info| info.extract::<(String, Vec<String>, String, String)>());
    match described {
        Ok((type_name, mro, message, traceback)) => RaisedError {
            type_name,
            mro,
            message,
            traceback,
        },
        Err(_) => RaisedError {
            type_name: "BaseException".to_owned(),
            mro: vec!["BaseException".to_owned()],
            message: "<the exception could not be described>".to_owned(),
            traceback: String::new(),
        },
    }
}

fn invalid_source(
    py: Python<'_>,
    harness: &Bound<'_, PyModule>,
    error: &PyErr,
    learner_path: &str,
) -> InvalidSource {
    let value = error.value(py);
    let info = harness
        .getattr("syntax_error")
        .and_then(|f| f.call1((value,)))
        .and_then(|info| {
            info.extract::<(String, Option<u64>, Option<u64>, Option<String>, String)>()
        });
    let file = value
        .getattr("filename")
        .and_then(|f| f.extract::<String>())
        .unwrap_or_else(|_| learner_path.to_owned());
    match info {
        Ok((message, line, column, text, kind)) => InvalidSource {
            kind,
            message,
            file,
            line,
            column,
            text,
        },
        Err(_) => InvalidSource {
            kind: "SyntaxError".to_owned(),
            message: error.to_string(),
            file,
            line: None,
            column: None,
            text: None,
        },
    }
}
