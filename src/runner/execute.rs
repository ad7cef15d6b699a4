//! Executing attempts: one zygote process per call; per attempt, one job of
//! its visible cases and one of its hidden cases (the zygote runs hidden
//! jobs only once the whole run's visible cases are done). What comes back
//! is checked strictly and turned into [`Execution`]s; judging is the
//! caller's.

use std::collections::BTreeSet;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use super::decode::{self, JobDecoder};
use crate::error::GradeError;
use crate::exception_table::ExceptionTable;
use crate::execution::{Execution, FileProblem, Measurement, Outcome};
use crate::spec::{module_stem, Challenge};
use crate::submission::{read_beneath, SOURCE_CAP};
use crate::worker::protocol::{
    CaseCode, CasePlan, ExtraModule, JobFile, JobRequest, Kind, Request, Setup, UnitCode,
    ZygoteEvent,
};

/// A `max_ratio` case runs this many times, each alone in a fresh child;
/// the least CPU time counts, so that a noisy machine does not decide it.
const TIMED_RUNS: usize = 3;

/// One learner file (and its extra modules) against a challenge's cases.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub challenge: &'a Challenge,
    /// The submission root the files are read beneath (a tree mirroring
    /// `exercises/`, or `solutions/`).
    pub root: PathBuf,
    /// The main file, relative to the root.
    pub main_file: PathBuf,
    /// (module name, path relative to the root) of the challenge's other
    /// learner files.
    pub extra_files: Vec<(String, PathBuf)>,
}

impl<'a> Attempt<'a> {
    /// The attempt of the learner files found under `root`.
    pub fn under(root: &Path, challenge: &'a Challenge) -> Attempt<'a> {
        let dir = Path::new(&challenge.path);
        Attempt {
            challenge,
            root: root.to_path_buf(),
            main_file: dir.join(&challenge.file),
            extra_files: challenge
                .extra_files
                .iter()
                .map(|file| (module_stem(file), dir.join(file)))
                .collect(),
        }
    }

    /// Where the main file is, for messages.
    pub fn main_path(&self) -> PathBuf {
        self.root.join(&self.main_file)
    }

    /// Reads every learner file as the learner could.
    fn read(&self) -> Result<(Vec<u8>, Vec<Vec<u8>>), FileProblem> {
        let main = read_beneath(&self.root, &self.main_file, SOURCE_CAP)?;
        let extra = self
            .extra_files
            .iter()
            .map(|(_, path)| read_beneath(&self.root, path, SOURCE_CAP))
            .collect::<Result<_, _>>()?;
        Ok((main, extra))
    }
}

/// How attempts are executed.
#[derive(Debug, Clone)]
pub struct ExecOptions {
    /// Children at work at once.
    pub jobs: usize,
    /// Captured output kept per case.
    pub output_cap: usize,
}

/// What an execution needs besides its attempts.
#[derive(Debug, Clone, Default)]
pub struct ExecSetup {
    /// Exception classes to resolve besides the builtins and the `raises`
    /// names of the attempts' cases (classes the reference raised in
    /// visible cases, then in hidden ones).
    pub exception_names: ExceptionNames,
}

/// Exception class names, split by who may see them.
#[derive(Debug, Clone, Default)]
pub struct ExceptionNames {
    pub visible: BTreeSet<String>,
    /// Named only by hidden cases (or the reference's runs of them).
    pub hidden: BTreeSet<String>,
}

impl ExceptionNames {
    pub fn insert(&mut self, name: &str, hidden: bool) {
        if hidden {
            self.hidden.insert(name.to_owned());
        } else {
            self.visible.insert(name.to_owned());
        }
    }
}

/// Where each of a job's case entries goes: (case index in the challenge,
/// which run of it).
#[derive(Debug, Clone)]
pub(super) struct JobCases {
    pub attempt: usize,
    pub entries: Vec<(usize, usize)>,
}

struct Progress {
    /// Per case, per run.
    runs: Vec<Vec<Option<Execution>>>,
    jobs_left: usize,
}

/// What `execute` calls as each attempt completes: its index, its
/// executions (one per case, in case order) and the exception table their
/// exception identities refer to.
pub type Done<'a> =
    dyn FnMut(usize, Vec<Execution>, &ExceptionTable) -> Result<(), GradeError> + 'a;

/// Runs every attempt and calls `done` for each as it completes.
pub fn execute(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    setup: &ExecSetup,
    done: &mut Done<'_>,
) -> Result<(), GradeError> {
    let (run_dir, zygote) = match super::zygote::take_warm(options.jobs) {
        Some((run_dir, zygote)) => (run_dir, Some(zygote)),
        None => (super::zygote::new_run_dir()?, None),
    };
    let run_dir = super::cleanup::RunDir::from(run_dir);
    let planned = plan(attempts, options, run_dir.path())?;
    let names = exception_names(attempts, setup);
    let setup = Setup {
        hidden_exception_names: write_hidden_names(&names, &planned.jobs_dir)?,
        exception_names: names.visible.into_iter().collect(),
        imports: shared_imports(attempts),
    };
    hide_jobs(&planned.jobs_dir)?;
    let mut zygote = match zygote {
        Some(zygote) => zygote,
        None => super::zygote::Zygote::spawn(options.jobs, run_dir.path())?,
    };
    let stdin = zygote.stdin()?;
    let requests = planned.requests;
    let writer = std::thread::spawn(move || write_requests(stdin, setup, requests));
    let (cleaner, discard) = cleaner();
    // A thread only reads, so that the zygote never waits on a grader
    // busy judging or reporting: its deadlines hold whatever the grader does.
    let frames = reader(BufReader::with_capacity(256 << 10, zygote.stdout()?));
    let mut collector = Collector {
        decoders: planned
            .jobs
            .iter()
            .map(|job| JobDecoder::new(job.entries.len(), options.output_cap))
            .collect(),
        jobs: planned.jobs,
        progress: planned.progress,
        early: planned.early,
        table: None,
        completed: 0,
        discard,
        done,
    };
    let outcome = frames.iter().flatten().try_for_each(|frame| match frame? {
        Some(frame) => collector.frame(frame),
        None => Ok(()),
    });
    let _ = writer.join();
    let finished = zygote.finish();
    let complete = collector.complete();
    drop(collector);
    let _ = cleaner.join();
    outcome?;
    finished?;
    if !complete {
        return Err(GradeError::Environment(
            "the worker process ended before every case was run".into(),
        ));
    }
    Ok(())
}

/// The jobs of a run, written to disk, and what will collect their cases.
struct Planned {
    requests: Vec<JobRequest>,
    jobs: Vec<JobCases>,
    progress: Vec<Progress>,
    /// Attempts with nothing to run (their files could not be read).
    early: Vec<usize>,
    jobs_dir: PathBuf,
}

/// Reads every attempt's files and writes its job files.
fn plan(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    run_dir: &Path,
) -> Result<Planned, GradeError> {
    let mut progress: Vec<Progress> = attempts
        .iter()
        .map(|attempt| Progress {
            runs: attempt
                .challenge
                .cases
                .iter()
                .map(|case| vec![None; runs_of(case)])
                .collect(),
            jobs_left: 0,
        })
        .collect();
    let mut jobs: Vec<JobCases> = Vec::new();
    let mut requests = Vec::new();
    let jobs_dir = run_dir.join("jobs");
    std::fs::create_dir(&jobs_dir).map_err(|e| GradeError::file(&jobs_dir, e))?;
    for (index, attempt) in attempts.iter().enumerate() {
        match attempt.read() {
            Ok((main, extra)) => {
                let planned =
                    plan_attempt(index, attempt, &main, &extra, options, &jobs_dir, &mut jobs)?;
                progress[index].jobs_left = planned.len();
                let asyncio = needs_asyncio(attempt, &main, &extra);
                requests.extend(planned.into_iter().map(|request| (asyncio, request)));
            }
            Err(problem) => {
                for runs in &mut progress[index].runs {
                    runs.fill(Some(Execution::bare(Outcome::Unreadable(problem.clone()))));
                }
            }
        }
    }
    // Jobs that need asyncio go first: their children import it (tens of
    // ms) while the rest of the run goes on, or the zygote imports it once
    // for all when many need it.
    requests.sort_by_key(|(asyncio, _)| !asyncio);
    let early = (0..attempts.len())
        .filter(|&index| progress[index].jobs_left == 0)
        .collect();
    Ok(Planned {
        requests: requests.into_iter().map(|(_, request)| request).collect(),
        jobs,
        progress,
        early,
        jobs_dir,
    })
}

/// The exception classes the zygote resolves: every `raises` name, and
/// what the caller adds (classes references raised). A name visible cases
/// use is visible, whoever else uses it.
fn exception_names(attempts: &[Attempt<'_>], setup: &ExecSetup) -> ExceptionNames {
    let mut names = setup.exception_names.clone();
    for attempt in attempts {
        for case in &attempt.challenge.cases {
            if let crate::spec::Check::Raises { exception, .. } = &case.check {
                names.insert(exception, case.hidden);
            }
        }
    }
    names.hidden.retain(|name| !names.visible.contains(name));
    names
}

/// Writes the names only hidden cases use where the zygote reads them at
/// the hidden phase (see `Setup::hidden_exception_names`).
fn write_hidden_names(
    names: &ExceptionNames,
    jobs_dir: &Path,
) -> Result<Option<PathBuf>, GradeError> {
    if names.hidden.is_empty() {
        return Ok(None);
    }
    let path = jobs_dir.join("hidden-exception-names.json");
    let json = serde_json::to_vec(&names.hidden).expect("names serialize");
    std::fs::write(&path, json).map_err(|e| GradeError::file(&path, e))?;
    set_mode(&path, 0o400)?;
    Ok(Some(path))
}

/// Collects a run's frames into executions, calling `done` per attempt.
struct Collector<'a, 'd> {
    jobs: Vec<JobCases>,
    decoders: Vec<JobDecoder>,
    progress: Vec<Progress>,
    /// Attempts done before the table arrived: reported once it has.
    early: Vec<usize>,
    table: Option<ExceptionTable>,
    completed: usize,
    discard: std::sync::mpsc::Sender<PathBuf>,
    done: &'a mut Done<'d>,
}

impl Collector<'_, '_> {
    fn frame(&mut self, (kind, job, payload): Frame) -> Result<(), GradeError> {
        let kind = kind.ok_or_else(|| garbled("an unknown frame"))?;
        if kind == Kind::Event {
            let event: ZygoteEvent =
                serde_json::from_slice(&payload).map_err(|e| garbled(&e.to_string()))?;
            return self.event(job, event);
        }
        let table = self
            .table
            .as_ref()
            .ok_or_else(|| garbled("no table first"))?;
        let decoder = self
            .decoders
            .get_mut(job as usize)
            .ok_or_else(|| garbled("an unknown job"))?;
        decoder.frame(kind, &payload, table)?;
        store(decoder, &self.jobs[job as usize], &mut self.progress);
        Ok(())
    }

    fn event(&mut self, job: u32, event: ZygoteEvent) -> Result<(), GradeError> {
        match event {
            ZygoteEvent::Table(table) => {
                if let Some(earlier) = &self.table {
                    if !table.extends(earlier) {
                        return Err(garbled("a table that does not extend the first"));
                    }
                }
                for index in std::mem::take(&mut self.early) {
                    (self.done)(index, combine(&mut self.progress[index]), &table)?;
                }
                self.table = Some(table);
            }
            ZygoteEvent::Discard { scratch } => {
                let _ = self.discard.send(scratch);
            }
            ZygoteEvent::Failed { message } => {
                let stderr = self
                    .decoders
                    .get(job as usize)
                    .map(JobDecoder::stderr_tail)
                    .unwrap_or_default();
                let stderr = stderr.trim();
                let stderr = if stderr.is_empty() {
                    String::new()
                } else {
                    format!("\n{stderr}")
                };
                return Err(GradeError::Environment(format!(
                    "a worker could not be set up: {message}{stderr}"
                )));
            }
            event => {
                let decoder = self
                    .decoders
                    .get_mut(job as usize)
                    .ok_or_else(|| garbled("an unknown job"))?;
                let finished = decoder.event(event)?;
                store(decoder, &self.jobs[job as usize], &mut self.progress);
                if finished {
                    self.job_finished(job as usize)?;
                }
            }
        }
        Ok(())
    }

    fn job_finished(&mut self, job: usize) -> Result<(), GradeError> {
        self.completed += 1;
        let attempt = self.jobs[job].attempt;
        let entry = &mut self.progress[attempt];
        entry.jobs_left -= 1;
        if entry.jobs_left == 0 {
            let table = self
                .table
                .as_ref()
                .ok_or_else(|| garbled("no table first"))?;
            (self.done)(attempt, combine(entry), table)?;
        }
        Ok(())
    }

    /// Whether every job finished and every attempt was reported.
    fn complete(&self) -> bool {
        self.completed == self.jobs.len() && self.early.is_empty() && self.table.is_some()
    }
}

fn garbled(what: &str) -> GradeError {
    GradeError::Environment(format!("garbled message from the worker process: {what}"))
}

/// Moves the executions a decoder completed to their attempt.
fn store(decoder: &mut JobDecoder, job: &JobCases, progress: &mut [Progress]) {
    for (entry, execution) in decoder.take_finished() {
        let (case, run) = job.entries[entry];
        progress[job.attempt].runs[case][run] = Some(execution);
    }
}

/// How many times a case runs.
fn runs_of(case: &crate::spec::Case) -> usize {
    if case.max_ratio.is_some() {
        TIMED_RUNS
    } else {
        1
    }
}

/// One execution per case: the first run's, with the least CPU time and
/// memory peak of its runs, provided every run came to the same outcome
/// (a run that knows which run it is must not be fast by being wrong).
fn combine(progress: &mut Progress) -> Vec<Execution> {
    progress
        .runs
        .iter_mut()
        .map(|runs| {
            let measurements: Vec<Measurement> = runs
                .iter()
                .filter_map(|run| run.as_ref().and_then(|r| r.measurement))
                .collect();
            let agree = runs.windows(2).all(|pair| match (&pair[0], &pair[1]) {
                (Some(a), Some(b)) => same_outcome(&a.outcome, &b.outcome),
                _ => false,
            });
            let mut first = runs[0].take().unwrap_or_else(decode::no_result);
            if !agree {
                return Execution {
                    outcome: Outcome::Stopped {
                        stop: crate::execution::Stop::Protocol(
                            crate::execution::Violation::Inconsistent,
                        ),
                        stderr_tail: String::new(),
                        not_run: false,
                    },
                    ..first
                };
            }
            if let Some(least) = measurements.iter().min_by_key(|m| m.cpu_ns) {
                first.measurement = Some(Measurement {
                    cpu_ns: least.cpu_ns,
                    peak_bytes: measurements.iter().map(|m| m.peak_bytes).min().unwrap_or(0),
                });
            }
            first
        })
        .collect()
}

/// As root, the job files' folder is closed to everyone but holders of
/// `CAP_DAC_OVERRIDE`: children read their job before they drop it, and
/// a sandboxed child cannot even see the size of another job's file (the
/// length of a hidden case's code). Landlock does not cover `stat`.
fn hide_jobs(jobs_dir: &Path) -> Result<(), GradeError> {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        set_mode(jobs_dir, 0o000)?;
    }
    Ok(())
}

/// Whether two runs of a case came to the same outcome.
fn same_outcome(a: &Outcome, b: &Outcome) -> bool {
    match (a, b) {
        (Outcome::Returned(a), Outcome::Returned(b)) => a == b,
        (Outcome::Raised(a), Outcome::Raised(b))
        | (Outcome::LoadFailed(a), Outcome::LoadFailed(b)) => {
            a.class == b.class && a.message == b.message
        }
        (Outcome::Invalid(a), Outcome::Invalid(b)) => a == b,
        (Outcome::Unreadable(a), Outcome::Unreadable(b)) => a == b,
        (Outcome::Stopped { stop: a, .. }, Outcome::Stopped { stop: b, .. }) => a == b,
        _ => false,
    }
}

/// Writes an attempt's job files: its visible cases, then its hidden ones.
fn plan_attempt(
    index: usize,
    attempt: &Attempt<'_>,
    main: &[u8],
    extra: &[Vec<u8>],
    options: &ExecOptions,
    run_dir: &Path,
    jobs: &mut Vec<JobCases>,
) -> Result<Vec<JobRequest>, GradeError> {
    let challenge = attempt.challenge;
    let mut planned = Vec::new();
    for hidden in [false, true] {
        let mut entries = Vec::new();
        for (case_index, case) in challenge.cases.iter().enumerate() {
            if case.hidden == hidden {
                for run in 0..runs_of(case) {
                    entries.push((case_index, run));
                }
            }
        }
        if entries.is_empty() {
            continue;
        }
        let id = jobs.len() as u32;
        let mut file = JobFile::default();
        let unit = UnitCode {
            module: challenge.module_name(),
            display: display_name(&attempt.main_path()),
            source: file.add_source(main),
            extra: Vec::new(),
        };
        let extra_modules: Vec<ExtraModule> = attempt
            .extra_files
            .iter()
            .zip(extra)
            .map(|((module, path), bytes)| ExtraModule {
                module: module.clone(),
                display: display_name(&attempt.root.join(path)),
                source: file.add_source(bytes),
            })
            .collect();
        file.units.push(UnitCode {
            extra: extra_modules,
            ..unit
        });
        for &(case_index, _) in &entries {
            let case = &challenge.cases[case_index];
            file.cases.push(CaseCode {
                unit: 0,
                setup: case.setup.clone(),
                expr: case.expr.clone(),
            });
        }
        let job_file = run_dir.join(format!("job-{id}.bin"));
        let mut bytes = Vec::new();
        file.write(&mut bytes)
            .map_err(|e| GradeError::Environment(format!("cannot write a job: {e}")))?;
        std::fs::write(&job_file, bytes).map_err(|e| GradeError::file(&job_file, e))?;
        set_mode(&job_file, 0o400)?;
        planned.push(JobRequest {
            id,
            group: index as u32,
            job_file,
            hidden,
            cases: entries
                .iter()
                .map(|&(case_index, _)| {
                    let case = &challenge.cases[case_index];
                    CasePlan {
                        timeout_ms: case.timeout_ms,
                        unit: 0,
                        measured: case.max_peak_kb.is_some() || case.max_ratio.is_some(),
                    }
                })
                .collect(),
            memory_mb: challenge.memory_mb,
            output_cap: options.output_cap,
        });
        jobs.push(JobCases {
            attempt: index,
            entries,
        });
    }
    Ok(planned)
}

fn write_requests(mut stdin: std::process::ChildStdin, setup: Setup, requests: Vec<JobRequest>) {
    let mut buffer = Vec::new();
    let all = std::iter::once(Request::Setup(setup)).chain(requests.into_iter().map(Request::Job));
    for request in all {
        if serde_json::to_writer(&mut buffer, &request).is_err() {
            return;
        }
        buffer.push(b'\n');
    }
    // A zygote that died is reported by the reader.
    let _ = stdin.write_all(&buffer);
}

/// One frame of the zygote's stdout: its kind (None: unknown), its job, its
/// payload.
type Frame = (Option<Kind>, u32, Vec<u8>);

/// The next frame of the zygote's stdout; None at the end.
fn read_frame(reader: &mut impl Read) -> Result<Option<Frame>, GradeError> {
    let mut header = [0u8; Kind::HEADER];
    match reader.read_exact(&mut header) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => {
            return Err(GradeError::Environment(format!(
                "lost the worker process: {e}"
            )))
        }
    }
    let kind = Kind::from_byte(header[0]);
    let job = u32::from_le_bytes(header[1..5].try_into().expect("four bytes"));
    let length = u32::from_le_bytes(header[5..9].try_into().expect("four bytes")) as usize;
    let mut payload = vec![0u8; length];
    reader
        .read_exact(&mut payload)
        .map_err(|e| GradeError::Environment(format!("lost the worker process: {e}")))?;
    Ok(Some((kind, job, payload)))
}

/// Reads the zygote's frames in a thread of their own, until the end (a
/// None) or an error. Frames already in the buffer go together: one
/// hand-over per read, not per frame.
fn reader(
    mut from: BufReader<std::process::ChildStdout>,
) -> std::sync::mpsc::Receiver<Vec<Result<Option<Frame>, GradeError>>> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || loop {
        let mut batch = Vec::new();
        let last = loop {
            let frame = read_frame(&mut from);
            let last = !matches!(frame, Ok(Some(_)));
            batch.push(frame);
            if last || from.buffer().len() < Kind::HEADER {
                break last;
            }
        };
        if send.send(batch).is_err() || last {
            break;
        }
    });
    receive
}

/// Removes discarded scratch folders off the zygote's path, in a thread of
/// the grader: a child that left a hundred thousand files costs that
/// thread seconds, and the run none.
fn cleaner() -> (
    std::thread::JoinHandle<()>,
    std::sync::mpsc::Sender<PathBuf>,
) {
    let (send, receive) = std::sync::mpsc::channel::<PathBuf>();
    let handle = std::thread::spawn(move || {
        for scratch in receive {
            // Best effort: what is left goes with the run's folder.
            let _ = super::cleanup::remove_tree(&scratch);
        }
    });
    (handle, send)
}

/// An asyncio import costs a child tens of milliseconds; the zygote imports
/// it for all only when at least this many attempts' cases await.
const ASYNCIO_SHARED_FROM: usize = 3;

/// The modules every child should inherit: those the code of the visible
/// cases imports. Only the instructor's visible code decides it: the same
/// for every learner, and nothing of a hidden case shows in the children's
/// `sys.modules`.
fn shared_imports(attempts: &[Attempt<'_>]) -> Vec<String> {
    let mut awaiting = 0;
    let mut modules = BTreeSet::new();
    for attempt in attempts {
        let code: Vec<String> = attempt
            .challenge
            .cases
            .iter()
            .filter(|case| !case.hidden)
            .flat_map(|case| case.setup.iter().chain(case.expr.iter()).cloned())
            .collect();
        let imported = imported_modules(&code);
        if imported.iter().any(|m| m == "asyncio") {
            awaiting += 1;
        }
        modules.extend(imported.into_iter().filter(|m| m != "asyncio"));
    }
    if awaiting >= ASYNCIO_SHARED_FROM {
        modules.insert("asyncio".to_owned());
    }
    modules.into_iter().collect()
}

/// Whether an attempt's code awaits (its children import asyncio).
fn needs_asyncio(attempt: &Attempt<'_>, main: &[u8], extra: &[Vec<u8>]) -> bool {
    let mut sources: Vec<String> = std::iter::once(main)
        .chain(extra.iter().map(Vec::as_slice))
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    for case in &attempt.challenge.cases {
        sources.extend(case.setup.clone());
        sources.extend(case.expr.clone());
    }
    imported_modules(&sources).iter().any(|m| m == "asyncio")
}

/// The modules some code imports (by a regex: it need not run or parse).
fn imported_modules(sources: &[String]) -> Vec<String> {
    static IMPORT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))")
            .expect("valid regex")
    });
    let import = &*IMPORT;
    let mut modules = BTreeSet::new();
    for source in sources {
        for captures in import.captures_iter(source) {
            if let Some(from) = captures.get(1) {
                modules.insert(from.as_str().to_owned());
            }
            if let Some(names) = captures.get(2) {
                for name in names.as_str().split(',') {
                    if let Some(name) = name.split_whitespace().next() {
                        modules.insert(name.to_owned());
                    }
                }
            }
        }
        if source.contains("await ") || source.contains("async ") {
            modules.insert("asyncio".to_owned());
        }
    }
    modules
        .into_iter()
        .filter(|m| !m.starts_with('.'))
        .collect()
}

/// A learner file as tracebacks show it: relative to the current folder
/// when it is below it.
pub fn display_name(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

pub(super) fn set_mode(path: &Path, mode: u32) -> Result<(), GradeError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| GradeError::file(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execution::{Stop, Violation};
    use crate::value::Value;

    fn run(value: i64, cpu_ns: u64) -> Option<Execution> {
        Some(Execution {
            measurement: Some(Measurement {
                cpu_ns,
                peak_bytes: cpu_ns,
            }),
            ..Execution::bare(Outcome::Returned(Value::Int(value.to_string())))
        })
    }

    #[test]
    fn agreeing_runs_keep_the_least_figures() {
        let mut progress = Progress {
            runs: vec![vec![run(1, 30), run(1, 10), run(1, 20)]],
            jobs_left: 0,
        };
        let combined = combine(&mut progress).remove(0);
        assert!(matches!(combined.outcome, Outcome::Returned(_)));
        assert_eq!(combined.measurement.map(|m| m.cpu_ns), Some(10));
    }

    /// A run that knows which run it is must not be fast by being wrong.
    #[test]
    fn disagreeing_runs_are_a_violation() {
        let mut progress = Progress {
            runs: vec![vec![run(1, 900), run(0, 1), run(0, 1)]],
            jobs_left: 0,
        };
        let combined = combine(&mut progress).remove(0);
        assert!(matches!(
            combined.outcome,
            Outcome::Stopped {
                stop: Stop::Protocol(Violation::Inconsistent),
                ..
            }
        ));
    }
}
