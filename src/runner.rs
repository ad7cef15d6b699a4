//! Running a [`Plan`]: one zygote process per run, one job per learner
//! challenge (visible and hidden cases apart, so that nothing a hidden case
//! runs can surface in a visible report), results judged here as they come
//! back and reported in plan order.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::error::GradeError;
use crate::judge::{self, Execution, Outcome};
use crate::plan::{Plan, Submission};
use crate::report::{ChallengeReport, Event, Reporter, Summary};
use crate::spec::{module_stem, Challenge};
use crate::worker::protocol::{
    CaseCode, CaseResult, InvalidSource, JobFile, JobRequest, Outcome as WireOutcome, StopCause,
    ZygoteEvent,
};

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Children at work at once.
    pub jobs: usize,
    /// Captured output kept per case.
    pub output_cap: usize,
    /// Show hidden cases in full.
    pub reveal: bool,
}

/// One learner's challenge: what gets one verdict per case.
struct Unit<'a> {
    submission: &'a Submission,
    challenge: &'a Challenge,
    executions: Vec<Option<Execution>>,
    jobs_left: usize,
}

/// Cases of one unit run together in one child (and its continuations).
struct Job {
    unit: usize,
    cases: Vec<usize>,
    /// Results received so far, in order.
    next: usize,
}

pub fn grade(plan: &Plan, options: &RunOptions, reporter: &mut dyn Reporter) -> Result<Summary, GradeError> {
    let started = std::time::Instant::now();
    let run_dir = tempfile::Builder::new()
        .prefix("grade-run-")
        .tempdir()
        .map_err(|e| GradeError::Environment(format!("cannot create a temporary folder: {e}")))?;
    set_mode(run_dir.path(), 0o711)?;

    let mut units = Vec::new();
    for submission in &plan.submissions {
        for challenge in &plan.challenges {
            units.push(Unit {
                submission,
                challenge,
                executions: vec![None; challenge.cases.len()],
                jobs_left: 0,
            });
        }
    }
    let mut jobs: Vec<Job> = Vec::new();
    let mut requests = Vec::new();
    let mut sources = Vec::new();
    for (unit_index, unit) in units.iter_mut().enumerate() {
        let learner_file = plan.learner_file(unit.submission, unit.challenge, &unit.challenge.file);
        let Ok(source) = std::fs::read_to_string(&learner_file) else {
            let missing = Outcome::Missing {
                path: learner_file.display().to_string(),
            };
            for slot in &mut unit.executions {
                *slot = Some(execution(missing.clone()));
            }
            continue;
        };
        sources.push(source);
        let extra_files = unit
            .challenge
            .extra_files
            .iter()
            .map(|file| {
                let path = plan.learner_file(unit.submission, unit.challenge, file);
                (module_stem(file), display_name(&path), path)
            })
            .collect::<Vec<_>>();
        for hidden in [false, true] {
            let cases: Vec<usize> = (0..unit.challenge.cases.len())
                .filter(|&i| unit.challenge.cases[i].hidden == hidden)
                .collect();
            if cases.is_empty() {
                continue;
            }
            let id = jobs.len() as u64;
            let job_file = run_dir.path().join(format!("job-{id}.json"));
            let file = JobFile {
                module: unit.challenge.module_name(),
                learner_file: learner_file.clone(),
                display_name: display_name(&learner_file),
                extra_files: extra_files
                    .iter()
                    .map(|(module, display, path)| (module.clone(), path.clone(), display.clone()))
                    .collect(),
                cases: cases
                    .iter()
                    .map(|&i| {
                        let case = &unit.challenge.cases[i];
                        CaseCode {
                            setup: case.setup.clone(),
                            expr: case.expr.clone(),
                            trace_memory: case.max_peak_kb.is_some(),
                        }
                    })
                    .collect(),
            };
            let text = serde_json::to_vec(&file).map_err(|e| GradeError::Environment(e.to_string()))?;
            std::fs::write(&job_file, text).map_err(|e| GradeError::file(&job_file, e))?;
            requests.push(JobRequest {
                id,
                job_file,
                timeouts_ms: cases.iter().map(|&i| unit.challenge.cases[i].timeout_ms).collect(),
                memory_mb: unit.challenge.memory_mb,
                output_cap: options.output_cap,
            });
            jobs.push(Job {
                unit: unit_index,
                cases,
                next: 0,
            });
            unit.jobs_left += 1;
        }
    }
    for challenge in &plan.challenges {
        for case in &challenge.cases {
            sources.extend(case.setup.clone());
            sources.extend(case.expr.clone());
        }
    }
    let preload = preload_modules(&sources);

    reporter
        .event(Event::Started {
            challenges: units.len(),
            cases: plan.case_count(),
        })
        .map_err(output_error)?;
    let mut summary = Summary::default();
    let mut emitted = 0;
    let mut finished: HashMap<usize, ChallengeReport> = HashMap::new();
    let mut emit_ready = |units: &[Unit<'_>],
                          finished: &mut HashMap<usize, ChallengeReport>,
                          summary: &mut Summary,
                          reporter: &mut dyn Reporter|
     -> Result<(), GradeError> {
        while let Some(report) = finished.remove(&emitted) {
            summary.add(&report);
            reporter
                .event(Event::Graded {
                    learner: units[emitted].submission.learner.as_deref(),
                    challenge: &report,
                })
                .map_err(output_error)?;
            emitted += 1;
        }
        Ok(())
    };
    for (index, unit) in units.iter().enumerate() {
        if unit.jobs_left == 0 {
            finished.insert(index, judge_unit(unit, options.reveal));
        }
    }
    emit_ready(&units, &mut finished, &mut summary, reporter)?;

    if !requests.is_empty() {
        let mut zygote = Zygote::spawn(options.jobs, run_dir.path(), &preload)?;
        let stdin = zygote.child.stdin.take().expect("piped stdin");
        let writer = std::thread::spawn(move || write_requests(stdin, requests));
        let stdout = zygote.child.stdout.take().expect("piped stdout");
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| GradeError::Environment(format!("lost the worker process: {e}")))?;
            let event: ZygoteEvent = serde_json::from_str(&line)
                .map_err(|e| GradeError::Environment(format!("garbled message from the worker process: {e}")))?;
            if let Some(unit_index) = apply(event, &mut jobs, &mut units)? {
                let unit = &mut units[unit_index];
                unit.jobs_left -= 1;
                if unit.jobs_left == 0 {
                    finished.insert(unit_index, judge_unit(unit, options.reveal));
                    emit_ready(&units, &mut finished, &mut summary, reporter)?;
                }
            }
        }
        let _ = writer.join();
        zygote.finish()?;
    }
    if emitted != units.len() {
        return Err(GradeError::Environment(
            "the worker process ended before every case was run".into(),
        ));
    }
    summary.duration_ms = started.elapsed().as_millis() as u64;
    reporter.event(Event::Finished { summary: &summary }).map_err(output_error)?;
    Ok(summary)
}

fn output_error(error: std::io::Error) -> GradeError {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        GradeError::BrokenPipe
    } else {
        GradeError::Environment(format!("cannot write the report: {error}"))
    }
}

fn execution(outcome: Outcome) -> Execution {
    Execution {
        outcome,
        output: String::new(),
        output_truncated: false,
        seconds: 0.0,
        peak_bytes: None,
    }
}

/// Records one zygote event; returns the unit of a job that just completed.
fn apply(event: ZygoteEvent, jobs: &mut [Job], units: &mut [Unit<'_>]) -> Result<Option<usize>, GradeError> {
    let job_of = |id: u64| -> Result<usize, GradeError> {
        usize::try_from(id)
            .ok()
            .filter(|&i| i < jobs.len())
            .ok_or_else(|| GradeError::Environment(format!("the worker process named an unknown job {id}")))
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
            units[job.unit].executions[case] = Some(outcome);
            job.next += 1;
            Ok(None)
        }
        ZygoteEvent::Invalid { job, detail } => {
            let job = &mut jobs[job_of(job)?];
            let invalid: InvalidSource = serde_json::from_str(detail.get()).unwrap_or(InvalidSource {
                kind: "SyntaxError".into(),
                message: "the file does not compile".into(),
                file: String::new(),
                line: None,
                column: None,
                text: None,
            });
            for &case in &job.cases[job.next..] {
                units[job.unit].executions[case] = Some(execution(Outcome::Invalid(invalid.clone())));
            }
            job.next = job.cases.len();
            Ok(None)
        }
        ZygoteEvent::Stopped {
            job,
            case,
            cause,
            loaded,
            output,
            output_truncated,
            stderr_tail,
        } => {
            let job = &mut jobs[job_of(job)?];
            if case != job.next {
                return Err(GradeError::Environment("the worker process lost track of a job".into()));
            }
            for (offset, &index) in job.cases[job.next..].iter().enumerate() {
                if offset > 0 && loaded {
                    break;
                }
                let mut execution = execution(Outcome::Stopped {
                    cause: cause.clone(),
                    stderr_tail: stderr_tail.clone(),
                    not_run: offset > 0,
                });
                if offset == 0 {
                    execution.output = output.clone();
                    execution.output_truncated = output_truncated;
                }
                units[job.unit].executions[index] = Some(execution);
            }
            job.next = if loaded { job.next + 1 } else { job.cases.len() };
            Ok(None)
        }
        ZygoteEvent::Done { job } => {
            let job = &jobs[job_of(job)?];
            if job.next != job.cases.len() {
                return Err(GradeError::Environment("the worker process ended a job early".into()));
            }
            Ok(Some(job.unit))
        }
        ZygoteEvent::Failed { message, .. } => Err(GradeError::Environment(format!(
            "a worker could not be set up: {message}"
        ))),
    }
}

fn judge_unit(unit: &Unit<'_>, reveal: bool) -> ChallengeReport {
    let challenge = unit.challenge;
    let cases: Vec<_> = challenge
        .cases
        .iter()
        .zip(&unit.executions)
        .map(|(case, execution)| {
            let execution = execution.clone().unwrap_or_else(|| {
                self::execution(Outcome::Stopped {
                    cause: StopCause::Protocol {
                        detail: "no result".into(),
                    },
                    stderr_tail: String::new(),
                    not_run: true,
                })
            });
            let mut report = judge::judge(case, execution);
            if case.hidden && !reveal {
                report.redact();
            }
            report
        })
        .collect();
    ChallengeReport {
        path: challenge.path.clone(),
        title: challenge.title.clone(),
        topic: challenge.topic.as_str(),
        difficulty: challenge.difficulty,
        points: cases.iter().map(|c| c.points).sum(),
        max_points: challenge.max_points(),
        cases,
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

/// Standard-library modules the learner files and cases import, so that the
/// zygote imports them once rather than every child importing them again.
fn preload_modules(sources: &[String]) -> Vec<String> {
    let import = regex::Regex::new(r"(?m)^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w., ]+))")
        .expect("valid regex");
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
    modules.into_iter().filter(|m| !m.starts_with('.')).collect()
}

/// A learner file as tracebacks show it: relative to the current folder
/// when it is below it.
fn display_name(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}

fn set_mode(path: &Path, mode: u32) -> Result<(), GradeError> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| GradeError::file(path, e))
}

/// The zygote process, seen from the grader.
struct Zygote {
    child: Child,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Zygote {
    fn spawn(jobs: usize, run_dir: &Path, preload: &[String]) -> Result<Zygote, GradeError> {
        let exe: PathBuf = std::env::current_exe()
            .map_err(|e| GradeError::Environment(format!("cannot find the grade executable: {e}")))?;
        let mut child = Command::new(exe)
            .arg("__zygote")
            .arg("--jobs")
            .arg(jobs.to_string())
            .arg("--run-dir")
            .arg(run_dir)
            .arg("--preload")
            .arg(preload.join(","))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| GradeError::Environment(format!("cannot start the worker process: {e}")))?;
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
        let stderr = self.stderr.take().and_then(|h| h.join().ok()).unwrap_or_default();
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
