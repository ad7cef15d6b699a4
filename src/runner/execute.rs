//! Executing attempts: one zygote process per call, running the jobs
//! `jobs` plans (a submission's visible cases, then its hidden ones; the
//! zygote runs hidden jobs only once the whole run's visible cases are
//! done). What comes back is checked strictly and turned into
//! [`Execution`]s; judging is the caller's.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::decode::{self, JobDecoder};
use super::imports::shared_imports;
use super::jobs::{job_file, plan, runs_of, JobCases, PlanEvent};
use crate::error::GradeError;
use crate::exception_table::ExceptionTable;
use crate::execution::{Execution, FileProblem, Measurement, Outcome};
use crate::spec::{module_stem, Challenge};
pub use crate::submission::display_name;
use crate::submission::{read_beneath, SOURCE_CAP};
use crate::worker::protocol::{Kind, Request, Setup, ZygoteEvent};

/// One learner file (and its extra modules) against a challenge's cases.
/// (Narrow: a class has one per learner and challenge, for the whole run.)
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub challenge: &'a Challenge,
    /// The submission root the files are read beneath (a tree mirroring
    /// `exercises/`, or `solutions/`), shared by the submission's attempts.
    pub root: Arc<Path>,
    /// A main file other than the challenge's, relative to the root (the
    /// wrong variants `grade check` runs).
    pub other_main: Option<Box<Path>>,
}

impl<'a> Attempt<'a> {
    /// The attempt of the learner files found under `root`.
    pub fn under(root: impl Into<Arc<Path>>, challenge: &'a Challenge) -> Attempt<'a> {
        Attempt {
            challenge,
            root: root.into(),
            other_main: None,
        }
    }

    /// The main file, relative to the root.
    pub fn main_file(&self) -> PathBuf {
        match &self.other_main {
            Some(file) => file.to_path_buf(),
            None => Path::new(&self.challenge.path).join(&self.challenge.file),
        }
    }

    /// (module name, path relative to the root) of the challenge's other
    /// learner files.
    pub fn extra_files(&self) -> impl Iterator<Item = (String, PathBuf)> + '_ {
        let dir = Path::new(&self.challenge.path);
        self.challenge
            .extra_files
            .iter()
            .map(move |file| (module_stem(file), dir.join(file)))
    }

    /// The main file and then the others, relative to the root.
    pub fn files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        std::iter::once(self.main_file()).chain(self.extra_files().map(|(_, path)| path))
    }

    /// Where the main file is, for messages.
    pub fn main_path(&self) -> PathBuf {
        self.root.join(self.main_file())
    }

    /// Reads every learner file as the learner could.
    pub(super) fn read(&self) -> Result<(Vec<u8>, Vec<Vec<u8>>), FileProblem> {
        let main = read_beneath(&self.root, &self.main_file(), SOURCE_CAP)?;
        let extra = self
            .extra_files()
            .map(|(_, path)| read_beneath(&self.root, &path, SOURCE_CAP))
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
    /// The course's site-packages, if it names one.
    pub site_packages: Option<PathBuf>,
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

/// What `execute` calls as each attempt completes: its index, its
/// executions (one per case, in case order) and the exception table their
/// exception identities refer to.
pub type Done<'a> =
    dyn FnMut(usize, Vec<Execution>, &ExceptionTable) -> Result<(), GradeError> + 'a;

/// Where `execute_cases` delivers: each case as soon as its runs are in,
/// then each attempt once all its cases are. The table knows every
/// exception identity of what it comes with (it only grows).
pub trait CaseSink {
    fn case(
        &mut self,
        attempt: usize,
        case: usize,
        execution: Execution,
        table: &ExceptionTable,
    ) -> Result<(), GradeError>;

    fn attempt_done(&mut self, attempt: usize, table: &ExceptionTable) -> Result<(), GradeError>;
}

/// Runs every attempt and calls `done` for each as it completes, with all
/// its executions.
pub fn execute(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    setup: &ExecSetup,
    done: &mut Done<'_>,
) -> Result<(), GradeError> {
    let mut gather = Gather {
        executions: attempts
            .iter()
            .map(|attempt| Vec::with_capacity(attempt.challenge.cases.len()))
            .collect(),
        done,
    };
    execute_cases(attempts, options, setup, &mut gather)
}

/// Holds an attempt's executions until it is done.
struct Gather<'a, 'd> {
    executions: Vec<Vec<Option<Execution>>>,
    done: &'a mut Done<'d>,
}

impl CaseSink for Gather<'_, '_> {
    fn case(
        &mut self,
        attempt: usize,
        case: usize,
        execution: Execution,
        _: &ExceptionTable,
    ) -> Result<(), GradeError> {
        let executions = &mut self.executions[attempt];
        if executions.len() <= case {
            executions.resize_with(case + 1, || None);
        }
        executions[case] = Some(execution);
        Ok(())
    }

    fn attempt_done(&mut self, attempt: usize, table: &ExceptionTable) -> Result<(), GradeError> {
        let executions = std::mem::take(&mut self.executions[attempt])
            .into_iter()
            .map(|execution| execution.unwrap_or_else(decode::no_result))
            .collect();
        (self.done)(attempt, executions, table)
    }
}

/// Runs every attempt, delivering to `sink` as results come in: the
/// grader holds no execution longer than it takes to hand it over.
pub fn execute_cases(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    setup: &ExecSetup,
    sink: &mut dyn CaseSink,
) -> Result<(), GradeError> {
    let (run_dir, zygote) = match super::zygote::take_warm(options.jobs) {
        Some((run_dir, zygote)) => (run_dir, Some(zygote)),
        None => (super::zygote::new_run_dir()?, None),
    };
    let run_dir = super::cleanup::RunDir::from(run_dir);
    let jobs_dir = run_dir.path().join("jobs");
    std::fs::create_dir(&jobs_dir).map_err(|e| GradeError::file(&jobs_dir, e))?;
    let names = exception_names(attempts, setup);
    let setup = Setup {
        hidden_exception_names: write_hidden_names(&names, &jobs_dir)?,
        exception_names: names.visible.into_iter().collect(),
        imports: shared_imports(attempts),
        visible_setups: visible_code(attempts, |case| case.setup.as_ref()),
        visible_exprs: visible_code(attempts, |case| case.expr.as_ref()),
        visible_test_files: visible_test_files(attempts),
        test_code_cache: crate::cache::dir("testcode"),
        site_packages: options.site_packages.clone(),
    };
    hide_jobs(&jobs_dir)?;
    let mut zygote = match zygote {
        Some(zygote) => zygote,
        None => super::zygote::Zygote::spawn(options.jobs, run_dir.path())?,
    };
    let stdin = zygote.stdin()?;
    let (cleaner, discard) = cleaner();
    // A thread only reads, so that the zygote never waits on a grader
    // busy judging or reporting: its deadlines hold whatever the grader does.
    let (incoming, frames) = std::sync::mpsc::channel();
    reader(
        BufReader::with_capacity(256 << 10, zygote.stdout()?),
        incoming.clone(),
    );
    let mut collector = Collector {
        attempts,
        jobs: HashMap::new(),
        jobs_left: vec![0; attempts.len()],
        runs: HashMap::new(),
        unreadable: BTreeMap::new(),
        skipped: Vec::new(),
        table: None,
        completed: 0,
        planned: None,
        output_cap: options.output_cap,
        discard,
        jobs_dir: &jobs_dir,
        sink,
    };
    let given_up = std::sync::atomic::AtomicBool::new(false);
    let outcome = std::thread::scope(|scope| {
        let planner = scope.spawn(|| {
            plan_and_send(
                attempts, options, &jobs_dir, setup, stdin, incoming, &given_up,
            );
        });
        let outcome = frames.iter().try_for_each(|message| match message {
            Incoming::Planned(event) => collector.planned(event),
            Incoming::Frames(batch) => batch.into_iter().try_for_each(|frame| match frame? {
                Some(frame) => collector.frame(frame),
                None => Ok(()),
            }),
        });
        if outcome.is_err() {
            // The planner stops; the zygote ends with what it has. What
            // still comes is left in the channel until the run is over.
            given_up.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let _ = planner.join();
        outcome
    });
    let finished = zygote.finish();
    let complete = collector.complete();
    drop(collector);
    drop(frames);
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

/// What the collector hears: frames from the zygote, and from the planner
/// each job before the zygote has it.
enum Incoming {
    Frames(Vec<Result<Option<Frame>, GradeError>>),
    Planned(Result<PlanEvent, GradeError>),
}

/// The planner's thread: the set-up, then every job as the zygote takes
/// them. A zygote that died is reported by the reader; a job that could
/// not be planned, by the collector.
fn plan_and_send(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    jobs_dir: &Path,
    setup: Setup,
    stdin: std::process::ChildStdin,
    incoming: std::sync::mpsc::Sender<Incoming>,
    given_up: &std::sync::atomic::AtomicBool,
) {
    let mut out = std::io::BufWriter::with_capacity(64 << 10, stdin);
    if write_request(&mut out, &Request::Setup(setup)).is_err() {
        return;
    }
    let live = || !given_up.load(std::sync::atomic::Ordering::Relaxed);
    let mut tell = |event| live() && incoming.send(Incoming::Planned(Ok(event))).is_ok();
    // Each request flushed as written: the zygote reads requests only
    // while its queue is short, so a full pipe holds the planner back.
    let mut send = |request| live() && write_request(&mut out, &Request::Job(request)).is_ok();
    if let Err(error) = plan(attempts, options, jobs_dir, &mut tell, &mut send) {
        let _ = incoming.send(Incoming::Planned(Err(error)));
    }
}

fn write_request(
    out: &mut std::io::BufWriter<std::process::ChildStdin>,
    request: &Request,
) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, request)?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The exception classes the zygote resolves: every `raises` name, and
/// what the caller adds (classes references raised). A name visible cases
/// use is visible, whoever else uses it.
fn exception_names(attempts: &[Attempt<'_>], setup: &ExecSetup) -> ExceptionNames {
    let mut names = setup.exception_names.clone();
    for challenge in challenges(attempts) {
        for case in &challenge.cases {
            if let crate::spec::Check::Raises { exception, .. } = &case.check {
                names.insert(exception, case.hidden);
            }
        }
    }
    names.hidden.retain(|name| !names.visible.contains(name));
    names
}

/// The challenges of the attempts, each once: a class has as many attempts
/// of a challenge as learners, all with the same cases.
pub(super) fn challenges<'c>(attempts: &[Attempt<'c>]) -> Vec<&'c Challenge> {
    let mut seen = std::collections::HashSet::new();
    attempts
        .iter()
        .map(|attempt| attempt.challenge)
        .filter(|challenge| seen.insert(std::ptr::from_ref(*challenge)))
        .collect()
}

/// One kind of the visible cases' code, each text once.
fn visible_code(
    attempts: &[Attempt<'_>],
    part: impl Fn(&crate::spec::Case) -> Option<&String>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    for challenge in challenges(attempts) {
        for case in challenge.cases.iter().filter(|case| !case.hidden) {
            if let Some(code) = part(case) {
                seen.insert(code.as_str());
            }
        }
    }
    seen.into_iter().map(str::to_owned).collect()
}

/// The visible cases' test files, each once.
fn visible_test_files(attempts: &[Attempt<'_>]) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    for challenge in challenges(attempts) {
        for case in challenge.cases.iter().filter(|case| !case.hidden) {
            if let Some(file) = &case.test_file {
                seen.insert(file.as_ref());
            }
        }
    }
    seen.into_iter()
        .map(|file| (file.name.clone(), file.source.clone()))
        .collect()
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

/// Collects a run's frames into executions, delivering each to the sink.
struct Collector<'a, 'c, 's> {
    attempts: &'a [Attempt<'c>],
    /// The jobs planned and not yet finished: where their cases go, and
    /// what decodes their frames.
    jobs: HashMap<u32, (JobCases, JobDecoder)>,
    /// Per attempt, its jobs not yet finished.
    jobs_left: Vec<u32>,
    /// Runs of cases that run more than once, until all are in.
    runs: HashMap<(usize, usize), Vec<Option<Execution>>>,
    /// Attempts with nothing to run, reported once the table has come.
    unreadable: BTreeMap<usize, FileProblem>,
    /// Hidden jobs not run, settled once the table has come.
    skipped: Vec<(JobCases, FileProblem)>,
    table: Option<ExceptionTable>,
    completed: u32,
    /// How many jobs the planner sent, once it has sent them all.
    planned: Option<u32>,
    output_cap: usize,
    discard: std::sync::mpsc::Sender<PathBuf>,
    jobs_dir: &'a Path,
    sink: &'s mut dyn CaseSink,
}

impl Collector<'_, '_, '_> {
    fn planned(&mut self, event: Result<PlanEvent, GradeError>) -> Result<(), GradeError> {
        match event? {
            PlanEvent::Unreadable(attempt, problem) => {
                self.unreadable.insert(attempt, problem);
                self.report_unreadable()?;
            }
            PlanEvent::JobsOf(counts) => {
                for (attempt, count) in counts {
                    self.jobs_left[attempt] += count;
                }
            }
            PlanEvent::Job(id, cases) => {
                let decoder = JobDecoder::new(cases.entries.len(), self.output_cap);
                self.jobs.insert(id, (cases, decoder));
            }
            PlanEvent::Skipped(cases, problem) => {
                self.skipped.push((cases, problem));
                self.report_unreadable()?;
            }
            PlanEvent::End(jobs) => self.planned = Some(jobs),
        }
        Ok(())
    }

    /// Reports the attempts whose files could not be read, once there is a
    /// table to report them with.
    fn report_unreadable(&mut self) -> Result<(), GradeError> {
        let Some(table) = &self.table else {
            return Ok(());
        };
        for (attempt, problem) in std::mem::take(&mut self.unreadable) {
            for case in 0..self.attempts[attempt].challenge.cases.len() {
                let execution = Execution::bare(Outcome::Unreadable(problem.clone()));
                self.sink.case(attempt, case, execution, table)?;
            }
            self.sink.attempt_done(attempt, table)?;
        }
        for (cases, problem) in std::mem::take(&mut self.skipped) {
            for entry in &cases.entries {
                let (attempt, case, run) = entry.get();
                let execution = Execution::bare(Outcome::Unreadable(problem.clone()));
                self.settle(attempt, case, run, execution)?;
            }
            self.job_ended(&cases)?;
        }
        Ok(())
    }

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
        let (_, decoder) = self
            .jobs
            .get_mut(&job)
            .ok_or_else(|| garbled("an unknown job"))?;
        decoder.frame(kind, &payload, table)?;
        self.deliver(job)
    }

    /// Hands the executions the job's decoder completed to the sink.
    fn deliver(&mut self, job: u32) -> Result<(), GradeError> {
        let (cases, decoder) = self
            .jobs
            .get_mut(&job)
            .ok_or_else(|| garbled("an unknown job"))?;
        let finished: Vec<_> = decoder
            .take_finished()
            .into_iter()
            .map(|(entry, execution)| (cases.entries[entry].get(), execution))
            .collect();
        for ((attempt, case, run), execution) in finished {
            self.settle(attempt, case, run, execution)?;
        }
        Ok(())
    }

    /// Hands one run of a case to the sink: the case once all its runs
    /// are in.
    fn settle(
        &mut self,
        attempt: usize,
        case: usize,
        run: usize,
        execution: Execution,
    ) -> Result<(), GradeError> {
        let table = self
            .table
            .as_ref()
            .ok_or_else(|| garbled("no table first"))?;
        let wanted = runs_of(&self.attempts[attempt].challenge.cases[case]);
        if wanted == 1 {
            return self.sink.case(attempt, case, execution, table);
        }
        let runs = self
            .runs
            .entry((attempt, case))
            .or_insert_with(|| vec![None; wanted]);
        runs[run] = Some(execution);
        if runs.iter().all(Option::is_some) {
            let runs = self.runs.remove(&(attempt, case)).unwrap_or_default();
            self.sink.case(attempt, case, combine(runs), table)?;
        }
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
                self.table = Some(table);
                self.report_unreadable()?;
            }
            ZygoteEvent::Discard { scratch } => {
                let _ = self.discard.send(scratch);
            }
            ZygoteEvent::Failed { message } => {
                let stderr = self
                    .jobs
                    .get(&job)
                    .map(|(_, decoder)| decoder.stderr_tail())
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
                let (_, decoder) = self
                    .jobs
                    .get_mut(&job)
                    .ok_or_else(|| garbled("an unknown job"))?;
                let finished = decoder.event(event)?;
                self.deliver(job)?;
                if finished {
                    self.job_finished(job)?;
                }
            }
        }
        Ok(())
    }

    fn job_finished(&mut self, job: u32) -> Result<(), GradeError> {
        let (cases, _) = self
            .jobs
            .remove(&job)
            .ok_or_else(|| garbled("an unknown job"))?;
        // Every child of the job read its file before its first case, and
        // none will start: a class's job files do not pile up in /dev/shm
        // (memory) until the run ends. Best effort: the run's folder goes
        // at the end anyway.
        let _ = std::fs::remove_file(job_file(self.jobs_dir, job));
        self.job_ended(&cases)
    }

    /// A job will send nothing more: attempts with no job left are done.
    fn job_ended(&mut self, cases: &JobCases) -> Result<(), GradeError> {
        self.completed += 1;
        for attempt in cases.attempts() {
            self.jobs_left[attempt] -= 1;
            if self.jobs_left[attempt] == 0 {
                // Runs a job never sent a result for (it ended early).
                let stray: Vec<(usize, usize)> = self
                    .runs
                    .keys()
                    .filter(|(of, _)| *of == attempt)
                    .copied()
                    .collect();
                let table = self
                    .table
                    .as_ref()
                    .ok_or_else(|| garbled("no table first"))?;
                for key in stray {
                    let runs = self.runs.remove(&key).unwrap_or_default();
                    self.sink.case(attempt, key.1, combine(runs), table)?;
                }
                self.sink.attempt_done(attempt, table)?;
            }
        }
        Ok(())
    }

    /// Whether every job finished and every attempt was reported.
    fn complete(&self) -> bool {
        self.planned == Some(self.completed)
            && self.jobs.is_empty()
            && self.unreadable.is_empty()
            && self.skipped.is_empty()
            && self.table.is_some()
    }
}

fn garbled(what: &str) -> GradeError {
    GradeError::Environment(format!("garbled message from the worker process: {what}"))
}

/// One execution per case: the first run's, with the least CPU time and
/// memory peak of its runs, provided every run came to the same outcome
/// (a run that knows which run it is must not be fast by being wrong).
fn combine(mut runs: Vec<Option<Execution>>) -> Execution {
    let measurements: Vec<Measurement> = runs
        .iter()
        .filter_map(|run| run.as_ref().and_then(|r| r.measurement))
        .collect();
    let agree = runs.windows(2).all(|pair| match (&pair[0], &pair[1]) {
        (Some(a), Some(b)) => same_outcome(&a.outcome, &b.outcome),
        _ => false,
    });
    let mut first = runs
        .first_mut()
        .and_then(Option::take)
        .unwrap_or_else(decode::no_result);
    if !agree {
        return Execution {
            outcome: Outcome::Stopped {
                stop: crate::execution::Stop::Protocol(crate::execution::Violation::Inconsistent),
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
fn reader(mut from: BufReader<std::process::ChildStdout>, send: std::sync::mpsc::Sender<Incoming>) {
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
        if send.send(Incoming::Frames(batch)).is_err() || last {
            break;
        }
    });
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
        let combined = combine(vec![run(1, 30), run(1, 10), run(1, 20)]);
        assert!(matches!(combined.outcome, Outcome::Returned(_)));
        assert_eq!(combined.measurement.map(|m| m.cpu_ns), Some(10));
    }

    /// A run that knows which run it is must not be fast by being wrong.
    #[test]
    fn disagreeing_runs_are_a_violation() {
        let combined = combine(vec![run(1, 900), run(0, 1), run(0, 1)]);
        assert!(matches!(
            combined.outcome,
            Outcome::Stopped {
                stop: Stop::Protocol(Violation::Inconsistent),
                ..
            }
        ));
    }
}
