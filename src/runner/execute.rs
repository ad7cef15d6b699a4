//! Executing attempts: one zygote process per call, one job per attempt's
//! visible cases and one per its hidden cases, the hidden job chained to
//! the visible one: it runs in the same child once every visible result is
//! in (so that nothing a hidden case runs can surface in a visible report),
//! or in a child of its own when a worker would otherwise idle. What comes
//! back is checked strictly and turned into [`Execution`]s; judging is the
//! caller's.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::error::GradeError;
use crate::judge::{Execution, Outcome};
use crate::spec::{module_stem, Challenge};
use crate::worker::protocol::{
    CaseCode, CaseResult, InvalidSource, JobFile, JobRequest, Outcome as WireOutcome, StopCause,
    ZygoteEvent,
};

/// One learner file (and its extra modules) against a challenge's cases.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    pub challenge: &'a Challenge,
    pub main_file: PathBuf,
    /// (module name, path) of the challenge's other learner files.
    pub extra_files: Vec<(String, PathBuf)>,
}

impl<'a> Attempt<'a> {
    /// The attempt of the learner files found under `root` (a tree
    /// mirroring `exercises/`, or `solutions/`).
    pub fn under(root: &Path, challenge: &'a Challenge) -> Attempt<'a> {
        let dir = root.join(&challenge.path);
        Attempt {
            challenge,
            main_file: dir.join(&challenge.file),
            extra_files: challenge
                .extra_files
                .iter()
                .map(|file| (module_stem(file), dir.join(file)))
                .collect(),
        }
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

struct Progress {
    executions: Vec<Option<Execution>>,
    jobs_left: usize,
}

/// Cases of one attempt run together in one child (and its continuations).
struct Job {
    attempt: usize,
    cases: Vec<usize>,
    /// Results received so far, in order.
    next: usize,
}

/// Runs every attempt and calls `done` with its executions (one per case,
/// in case order) as each attempt completes.
pub fn execute(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    done: &mut dyn FnMut(usize, Vec<Execution>) -> Result<(), GradeError>,
) -> Result<(), GradeError> {
    let warm = WARM
        .lock()
        .ok()
        .and_then(|mut warm| warm.take())
        .filter(|warm| warm.jobs == options.jobs);
    let (run_dir, zygote) = match warm {
        Some(warm) => (warm.run_dir, Some(warm.zygote)),
        None => (new_run_dir()?, None),
    };

    let mut progress: Vec<Progress> = attempts
        .iter()
        .map(|attempt| Progress {
            executions: vec![None; attempt.challenge.cases.len()],
            jobs_left: 0,
        })
        .collect();
    let mut jobs: Vec<Job> = Vec::new();
    let mut requests = Vec::new();
    for (index, attempt) in attempts.iter().enumerate() {
        let challenge = attempt.challenge;
        let missing = std::iter::once(&attempt.main_file)
            .chain(attempt.extra_files.iter().map(|(_, path)| path))
            .find(|path| !path.is_file());
        if let Some(missing) = missing {
            let outcome = Outcome::Missing {
                path: missing.display().to_string(),
            };
            progress[index].executions.fill(Some(execution(outcome)));
            continue;
        }
        let mut sources: Vec<String> = std::iter::once(&attempt.main_file)
            .chain(attempt.extra_files.iter().map(|(_, path)| path))
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .collect();
        let mut attempt_requests: Vec<JobRequest> = Vec::new();
        for hidden in [false, true] {
            let cases: Vec<usize> = (0..challenge.cases.len())
                .filter(|&i| challenge.cases[i].hidden == hidden)
                .collect();
            if cases.is_empty() {
                continue;
            }
            let id = jobs.len() as u64;
            let job_file = run_dir.path().join(format!("job-{id}.json"));
            let file = JobFile {
                module: challenge.module_name(),
                learner_file: attempt.main_file.clone(),
                display_name: display_name(&attempt.main_file),
                extra_files: attempt
                    .extra_files
                    .iter()
                    .map(|(module, path)| (module.clone(), path.clone(), display_name(path)))
                    .collect(),
                cases: cases
                    .iter()
                    .map(|&i| {
                        let case = &challenge.cases[i];
                        CaseCode {
                            setup: case.setup.clone(),
                            expr: case.expr.clone(),
                            trace_memory: case.max_peak_kb.is_some(),
                            timed: case.max_ratio.is_some(),
                        }
                    })
                    .collect(),
            };
            let text =
                serde_json::to_vec(&file).map_err(|e| GradeError::Environment(e.to_string()))?;
            std::fs::write(&job_file, text).map_err(|e| GradeError::file(&job_file, e))?;
            // Read-only, also for the child that gets a link to it in its
            // scratch folder (see the zygote's chained jobs).
            set_mode(&job_file, 0o400)?;
            for &i in &cases {
                sources.extend(challenge.cases[i].setup.clone());
                sources.extend(challenge.cases[i].expr.clone());
            }
            attempt_requests.push(JobRequest {
                id,
                job_file,
                imports: imported_modules(&sources),
                timeouts_ms: cases
                    .iter()
                    .map(|&i| challenge.cases[i].timeout_ms)
                    .collect(),
                memory_mb: challenge.memory_mb,
                output_cap: options.output_cap,
                then: None,
            });
            jobs.push(Job {
                attempt: index,
                cases,
                next: 0,
            });
            progress[index].jobs_left += 1;
        }
        // The hidden cases run in the child of the visible ones, after them:
        // one child per attempt, not two. Their code reaches that child
        // only once every visible result is in.
        let mut chained = attempt_requests.pop();
        while let Some(mut first) = attempt_requests.pop() {
            if let Some(then) = chained {
                first.imports = then.imports.clone();
                first.then = Some(Box::new(then));
            }
            chained = Some(first);
        }
        requests.extend(chained);
    }
    // Jobs that need asyncio go first: their children import it (tens of
    // ms) while the rest of the run goes on, or the zygote imports it once
    // for all when many need it (see the zygote's HEAVY_MODULES).
    requests.sort_by_key(|request| !request.imports.iter().any(|m| m == "asyncio"));

    for (index, entry) in progress.iter_mut().enumerate() {
        if entry.jobs_left == 0 {
            done(index, take_executions(entry))?;
        }
    }
    if requests.is_empty() {
        return zygote.map_or(Ok(()), Zygote::finish);
    }
    let mut zygote = match zygote {
        Some(zygote) => zygote,
        None => Zygote::spawn(options.jobs, run_dir.path())?,
    };
    let stdin = zygote.child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || write_requests(stdin, requests));
    let stdout = zygote.child.stdout.take().expect("piped stdout");
    let mut completed = 0;
    for line in BufReader::new(stdout).lines() {
        let line =
            line.map_err(|e| GradeError::Environment(format!("lost the worker process: {e}")))?;
        let event: ZygoteEvent = serde_json::from_str(&line).map_err(|e| {
            GradeError::Environment(format!("garbled message from the worker process: {e}"))
        })?;
        if let Some(index) = apply(event, &mut jobs, &mut progress)? {
            let entry = &mut progress[index];
            entry.jobs_left -= 1;
            completed += 1;
            if entry.jobs_left == 0 {
                done(index, take_executions(entry))?;
            }
        }
    }
    let _ = writer.join();
    zygote.finish()?;
    if completed != jobs.len() {
        return Err(GradeError::Environment(
            "the worker process ended before every case was run".into(),
        ));
    }
    Ok(())
}

fn take_executions(progress: &mut Progress) -> Vec<Execution> {
    progress
        .executions
        .iter_mut()
        .map(|slot| {
            slot.take().unwrap_or_else(|| {
                execution(Outcome::Stopped {
                    cause: StopCause::Protocol {
                        detail: "no result".into(),
                    },
                    stderr_tail: String::new(),
                    not_run: true,
                })
            })
        })
        .collect()
}

fn execution(outcome: Outcome) -> Execution {
    Execution {
        outcome,
        output: String::new(),
        output_truncated: false,
        seconds: 0.0,
        peak_bytes: None,
        best_seconds: None,
    }
}

/// Records one zygote event; returns the unit of a job that just completed.
fn apply(
    event: ZygoteEvent,
    jobs: &mut [Job],
    units: &mut [Progress],
) -> Result<Option<usize>, GradeError> {
    let job_of = |id: u64| -> Result<usize, GradeError> {
        usize::try_from(id)
            .ok()
            .filter(|&i| i < jobs.len())
            .ok_or_else(|| {
                GradeError::Environment(format!("the worker process named an unknown job {id}"))
            })
    };
    match event {
        ZygoteEvent::Result {
            job,
            result,
            output,
            output_truncated,
        } => {
            let job = &mut jobs[job_of(job)?];
            let Some(&case) = job.cases.get(job.next) else {
                return Ok(None);
            };
            let outcome = match serde_json::from_str::<CaseResult>(result.get()) {
                Ok(result) if result.case == job.next => {
                    let peak_bytes = result.peak_bytes;
                    let best_seconds = Some(result.best_seconds.max(0.0));
                    let outcome = match result.outcome {
                        WireOutcome::Value(value) => Outcome::Returned(value),
                        WireOutcome::Raised(error) => Outcome::Raised(error),
                    };
                    Execution {
                        outcome,
                        output,
                        output_truncated,
                        seconds: result.seconds.max(0.0),
                        peak_bytes,
                        best_seconds,
                    }
                }
                _ => execution(Outcome::Stopped {
                    cause: StopCause::Protocol {
                        detail: "a result that does not belong to this case".into(),
                    },
                    stderr_tail: String::new(),
                    not_run: false,
                }),
            };
            units[job.attempt].executions[case] = Some(outcome);
            job.next += 1;
            Ok(None)
        }
        ZygoteEvent::Invalid { job, detail } => {
            let job = &mut jobs[job_of(job)?];
            let invalid: InvalidSource =
                serde_json::from_str(detail.get()).unwrap_or(InvalidSource {
                    kind: "SyntaxError".into(),
                    message: "the file does not compile".into(),
                    file: String::new(),
                    line: None,
                    column: None,
                    text: None,
                });
            for &case in &job.cases[job.next..] {
                units[job.attempt].executions[case] =
                    Some(execution(Outcome::Invalid(invalid.clone())));
            }
            job.next = job.cases.len();
            Ok(None)
        }
        ZygoteEvent::Stopped {
            job,
            case,
            cause,
            loaded,
            chained,
            output,
            output_truncated,
            stderr_tail,
        } => {
            let job = &mut jobs[job_of(job)?];
            if case != job.next {
                return Err(GradeError::Environment(
                    "the worker process lost track of a job".into(),
                ));
            }
            for (offset, &index) in job.cases[job.next..].iter().enumerate() {
                if offset > 0 && loaded {
                    break;
                }
                let mut execution = execution(Outcome::Stopped {
                    cause: cause.clone(),
                    stderr_tail: stderr_tail.clone(),
                    not_run: offset > 0 || chained,
                });
                if offset == 0 {
                    execution.output = output.clone();
                    execution.output_truncated = output_truncated;
                }
                units[job.attempt].executions[index] = Some(execution);
            }
            job.next = if loaded {
                job.next + 1
            } else {
                job.cases.len()
            };
            Ok(None)
        }
        ZygoteEvent::Done { job } => {
            let job = &jobs[job_of(job)?];
            if job.next != job.cases.len() {
                return Err(GradeError::Environment(
                    "the worker process ended a job early".into(),
                ));
            }
            Ok(Some(job.attempt))
        }
        ZygoteEvent::Failed { message, .. } => Err(GradeError::Environment(format!(
            "a worker could not be set up: {message}"
        ))),
    }
}

fn write_requests(mut stdin: std::process::ChildStdin, requests: Vec<JobRequest>) {
    let mut buffer = Vec::new();
    for request in &requests {
        if serde_json::to_writer(&mut buffer, request).is_err() {
            return;
        }
        buffer.push(b'\n');
    }
    // A zygote that died is reported by the reader.
    let _ = stdin.write_all(&buffer);
}

/// Modules the learner files and cases of a job import, so that the zygote
/// imports the standard library's among them once, before forking, rather
/// than every child importing them again.
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

fn set_mode(path: &Path, mode: u32) -> Result<(), GradeError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| GradeError::file(path, e))
}

/// A zygote started before the run is planned, so that Python's start-up in
/// it overlaps the planning; the first [`execute`] with the same `jobs`
/// takes it.
struct Warm {
    run_dir: tempfile::TempDir,
    zygote: Zygote,
    jobs: usize,
}

static WARM: std::sync::Mutex<Option<Warm>> = std::sync::Mutex::new(None);

/// Starts a zygote now for the next [`execute`]. Best effort: on failure
/// `execute` starts its own and reports the problem then.
pub fn prespawn(jobs: usize) {
    let warm = new_run_dir().and_then(|run_dir| {
        let zygote = Zygote::spawn(jobs, run_dir.path())?;
        Ok(Warm {
            run_dir,
            zygote,
            jobs,
        })
    });
    if let (Ok(warm), Ok(mut slot)) = (warm, WARM.lock()) {
        *slot = Some(warm);
    }
}

/// Ends a prespawned zygote no run used (an error came first), waiting for
/// it so that it does not outlive grade.
pub fn discard_prespawned() {
    let warm = WARM.lock().ok().and_then(|mut warm| warm.take());
    if let Some(warm) = warm {
        let _ = warm.zygote.finish();
    }
}

/// The run's folder: job files, and the children's scratch folders and
/// copies of learner files, created and removed by the hundred. On tmpfs
/// (`/dev/shm`) that costs no disk work; elsewhere the temporary folder.
fn new_run_dir() -> Result<tempfile::TempDir, GradeError> {
    let builder = || {
        let mut builder = tempfile::Builder::new();
        builder.prefix("grade-run-");
        builder
    };
    let run_dir = builder()
        .tempdir_in("/dev/shm")
        .or_else(|_| builder().tempdir())
        .map_err(|e| GradeError::Environment(format!("cannot create a temporary folder: {e}")))?;
    set_mode(run_dir.path(), 0o711)?;
    Ok(run_dir)
}

/// The zygote process, seen from the grader.
struct Zygote {
    child: Child,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Zygote {
    fn spawn(jobs: usize, run_dir: &Path) -> Result<Zygote, GradeError> {
        let exe: PathBuf = std::env::current_exe().map_err(|e| {
            GradeError::Environment(format!("cannot find the grade executable: {e}"))
        })?;
        let mut child = Command::new(exe)
            .arg("__zygote")
            .arg("--jobs")
            .arg(jobs.to_string())
            .arg("--run-dir")
            .arg(run_dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                GradeError::Environment(format!("cannot start the worker process: {e}"))
            })?;
        let mut stderr = child.stderr.take().expect("piped stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        Ok(Zygote {
            child,
            stderr: Some(stderr),
        })
    }

    fn finish(mut self) -> Result<(), GradeError> {
        let status = self
            .child
            .wait()
            .map_err(|e| GradeError::Environment(format!("lost the worker process: {e}")))?;
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(GradeError::Environment(format!(
                "the worker process failed ({status}): {}",
                stderr.trim()
            )))
        }
    }
}
