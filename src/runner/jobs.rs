//! Planning a run's jobs: which cases run together in one child (and its
//! continuations), written to job files the children read.
//!
//! A child costs milliseconds of CPU (fork, sandbox, cgroup, scratch
//! folder, clean-up); a case tens of microseconds. So a job holds as much
//! of one submission as keeps every worker slot busy: in a class, all of a
//! learner's challenges; for one learner, a few challenges each. Each
//! challenge is a unit of the job: its own modules, loaded once per child,
//! and its own working folder. A job never mixes two submissions, visible
//! and hidden cases, or two memory limits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::execute::{display_name, set_mode, Attempt, ExecOptions};
use super::imports::needs_asyncio;
use crate::error::GradeError;
use crate::execution::FileProblem;
use crate::worker::protocol::{CaseCode, CasePlan, ExtraModule, JobFile, JobRequest, UnitCode};

/// A `max_ratio` case runs this many times, each alone in a fresh child;
/// the least CPU time counts, so that a noisy machine does not decide it.
pub(super) const TIMED_RUNS: usize = 3;

/// Jobs wanted per worker slot when a submission is split: enough that a
/// slot that drew short jobs takes more while another finishes a long one.
const JOBS_PER_SLOT: usize = 4;

/// Where each of a job's case entries goes, in the job's order.
#[derive(Debug, Clone)]
pub(super) struct JobCases {
    pub entries: Vec<CaseEntry>,
}

/// An attempt, a case index in its challenge, which run of it. (Narrow:
/// a class holds one per case until its hidden phase ends.)
#[derive(Debug, Clone, Copy)]
pub(super) struct CaseEntry {
    attempt: u32,
    case: u32,
    run: u32,
}

impl CaseEntry {
    /// (attempt, case, run).
    pub fn get(self) -> (usize, usize, usize) {
        (self.attempt as usize, self.case as usize, self.run as usize)
    }
}

impl JobCases {
    /// The attempts the job has cases of, each once.
    pub fn attempts(&self) -> Vec<usize> {
        let mut attempts: Vec<usize> = self.entries.iter().map(|e| e.get().0).collect();
        attempts.dedup();
        attempts
    }
}

/// What the planner tells the collector about a job before the zygote
/// hears of it, so that no frame ever comes for a job the collector does
/// not know.
#[derive(Debug)]
pub(super) enum PlanEvent {
    /// An attempt whose files could not be read: nothing of it runs.
    Unreadable(usize, FileProblem),
    /// How many jobs each of these attempts has, told before any of them
    /// is sent (an attempt is done when all have finished).
    JobsOf(Vec<(usize, u32)>),
    /// A job about to be sent, and where its case entries go.
    Job(u32, JobCases),
    /// A hidden job not sent: its chunk's files could not be read again,
    /// or were not what its visible jobs ran. Each of its cases has this
    /// outcome.
    Skipped(JobCases, FileProblem),
    /// Every job was sent: this many in all.
    End(u32),
}

/// Chunks planned together: their visible jobs go to the zygote sorted
/// so that those needing asyncio come first, and the next window is
/// planned only once these were taken. A run's first children start
/// after one window's planning, and the grader never holds more than a
/// window of requests: the zygote's reading paces it.
const WINDOW: usize = 16;

/// An attempt whose files were read.
struct Readable<'a, 'c> {
    index: usize,
    attempt: &'a Attempt<'c>,
    main: Vec<u8>,
    extra: Vec<Vec<u8>>,
}

/// A chunk whose visible jobs were sent: what its hidden jobs are made
/// from. Its files are read again for them, so that a class's learner
/// files do not wait in hidden job files (in /dev/shm, memory) until the
/// hidden phase; the digest makes sure they are the bytes the visible
/// jobs ran.
struct Later {
    group: u32,
    first_id: u32,
    readable: Vec<usize>,
    asyncio: bool,
    digest: [u8; 32],
}

/// Plans the run's jobs chunk by chunk as the zygote takes them: every
/// visible job of the run, then every hidden one. `tell` hears of each job
/// before `send` sends it; either returning false (the collector gave up,
/// the zygote is gone) ends the planning.
pub(super) fn plan(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    jobs_dir: &Path,
    tell: &mut dyn FnMut(PlanEvent) -> bool,
    send: &mut dyn FnMut(JobRequest) -> bool,
) -> Result<(), GradeError> {
    let mut next_id = 0u32;
    let mut later = Vec::new();
    let chunks: Vec<(u32, Vec<usize>)> = chunks(attempts, options.jobs)
        .into_iter()
        .enumerate()
        .map(|(group, chunk)| (group as u32, chunk))
        .collect();
    for window in chunks.chunks(WINDOW) {
        let mut batch = Vec::new();
        for (group, chunk) in window {
            let mut readable = Vec::new();
            for &index in chunk {
                let attempt = &attempts[index];
                match attempt.read() {
                    Ok((main, extra)) => readable.push(Readable {
                        index,
                        attempt,
                        main,
                        extra,
                    }),
                    Err(problem) => {
                        if !tell(PlanEvent::Unreadable(index, problem)) {
                            return Ok(());
                        }
                    }
                }
            }
            if readable.is_empty() {
                continue;
            }
            let asyncio = readable
                .iter()
                .any(|r| needs_asyncio(r.attempt, &r.main, &r.extra));
            let indices: Vec<usize> = readable.iter().map(|r| r.index).collect();
            let kinds = kinds_of(attempts, &indices);
            write_job_files(next_id, &readable, &kinds, false, jobs_dir)?;
            if !tell(PlanEvent::JobsOf(jobs_of(&kinds))) {
                return Ok(());
            }
            let count = kinds.len() as u32;
            let jobs = jobs_of_chunk(
                *group, next_id, attempts, &indices, kinds, options, jobs_dir,
            );
            batch.extend(
                jobs.into_iter()
                    .filter(|(request, _)| !request.hidden)
                    .map(|job| (asyncio, job)),
            );
            later.push(Later {
                group: *group,
                first_id: next_id,
                readable: indices,
                asyncio,
                digest: digest_of(&readable),
            });
            next_id += count;
        }
        if !send_window(batch, tell, send) {
            return Ok(());
        }
    }
    for window in later.chunks(WINDOW) {
        let mut batch = Vec::new();
        for chunk in window {
            let kinds = kinds_of(attempts, &chunk.readable);
            if !kinds.keys().any(|(hidden, _)| *hidden) {
                continue;
            }
            let problem = match read_again(attempts, chunk) {
                Ok(readable) => {
                    write_job_files(chunk.first_id, &readable, &kinds, true, jobs_dir)?;
                    None
                }
                Err(problem) => Some(problem),
            };
            let jobs = jobs_of_chunk(
                chunk.group,
                chunk.first_id,
                attempts,
                &chunk.readable,
                kinds,
                options,
                jobs_dir,
            );
            let hidden = jobs.into_iter().filter(|(request, _)| request.hidden);
            match problem {
                None => batch.extend(hidden.map(|job| (chunk.asyncio, job))),
                Some(problem) => {
                    for (_, cases) in hidden {
                        if !tell(PlanEvent::Skipped(cases, problem.clone())) {
                            return Ok(());
                        }
                    }
                }
            }
        }
        if !send_window(batch, tell, send) {
            return Ok(());
        }
    }
    tell(PlanEvent::End(next_id));
    Ok(())
}

/// A chunk's files read again for its hidden jobs: the very bytes its
/// visible jobs ran, or the problem.
fn read_again<'a, 'c>(
    attempts: &'a [Attempt<'c>],
    chunk: &Later,
) -> Result<Vec<Readable<'a, 'c>>, FileProblem> {
    let readable = chunk
        .readable
        .iter()
        .map(|&index| {
            let attempt = &attempts[index];
            let (main, extra) = attempt.read()?;
            Ok(Readable {
                index,
                attempt,
                main,
                extra,
            })
        })
        .collect::<Result<Vec<_>, FileProblem>>()?;
    if digest_of(&readable) == chunk.digest {
        return Ok(readable);
    }
    let root = display_name(&attempts[chunk.readable[0]].root);
    Err(FileProblem::Changed {
        file: if root.is_empty() { ".".into() } else { root },
    })
}

/// What a chunk's files hold, each file's length before its bytes.
fn digest_of(readable: &[Readable<'_, '_>]) -> [u8; 32] {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    for file in readable
        .iter()
        .flat_map(|r| std::iter::once(&r.main).chain(&r.extra))
    {
        hasher.update((file.len() as u64).to_le_bytes());
        hasher.update(file);
    }
    hasher.finalize().into()
}

/// Sends a window's jobs, those that need asyncio first: their children
/// import it (tens of ms) while the rest of the run goes on, or the zygote
/// imports it once for all when many need it.
fn send_window(
    mut batch: Vec<(bool, (JobRequest, JobCases))>,
    tell: &mut dyn FnMut(PlanEvent) -> bool,
    send: &mut dyn FnMut(JobRequest) -> bool,
) -> bool {
    batch.sort_by_key(|(asyncio, _)| !asyncio);
    batch
        .into_iter()
        .all(|(_, (request, cases))| tell(PlanEvent::Job(request.id, cases)) && send(request))
}

/// Splits the attempts into chunks of one submission each (attempts of a
/// submission are consecutive): the whole submission when there are
/// submissions enough for every slot, else a few attempts each.
fn chunks(attempts: &[Attempt<'_>], slots: usize) -> Vec<Vec<usize>> {
    let mut submissions: Vec<Vec<usize>> = Vec::new();
    for (index, attempt) in attempts.iter().enumerate() {
        match submissions.last_mut() {
            Some(last) if attempts[last[0]].root == attempt.root => last.push(index),
            _ => submissions.push(vec![index]),
        }
    }
    let wanted = slots.max(1) * JOBS_PER_SLOT;
    let pieces = wanted.div_ceil(submissions.len().max(1));
    submissions
        .into_iter()
        .flat_map(|submission| {
            let size = submission.len().div_ceil(pieces.min(submission.len()));
            submission
                .chunks(size)
                .map(<[usize]>::to_vec)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What a job's cases share: (hidden, memory limit in MB).
type JobKind = (bool, u64);

/// A case run of a chunk: (unit, attempt, case index, run).
type Entry = (u32, usize, usize, usize);

/// A chunk's case runs by kind (visible, hidden) and memory limit: one job
/// each, numbered in this order. Every job of the chunk holds every
/// attempt as a unit, at the same place: the zygote knows units by
/// (group, unit) across the group's jobs.
fn kinds_of(attempts: &[Attempt<'_>], chunk: &[usize]) -> BTreeMap<JobKind, Vec<Entry>> {
    let mut kinds: BTreeMap<JobKind, Vec<Entry>> = BTreeMap::new();
    for (unit, &index) in chunk.iter().enumerate() {
        let challenge = attempts[index].challenge;
        for (case_index, case) in challenge.cases.iter().enumerate() {
            for run in 0..runs_of(case) {
                kinds
                    .entry((case.hidden, challenge.memory_mb))
                    .or_default()
                    .push((unit as u32, index, case_index, run));
            }
        }
    }
    kinds
}

/// How many of the chunk's jobs each of its attempts has cases in.
fn jobs_of(kinds: &BTreeMap<JobKind, Vec<Entry>>) -> Vec<(usize, u32)> {
    let mut counts: BTreeMap<usize, u32> = BTreeMap::new();
    for entries in kinds.values() {
        let mut attempts: Vec<usize> = entries.iter().map(|e| e.1).collect();
        attempts.dedup();
        for attempt in attempts {
            *counts.entry(attempt).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// Writes the visible or the hidden job files of one chunk (the code its
/// children read), the first of its jobs numbered `first_id`.
fn write_job_files(
    first_id: u32,
    chunk: &[Readable<'_, '_>],
    kinds: &BTreeMap<JobKind, Vec<Entry>>,
    hidden: bool,
    jobs_dir: &Path,
) -> Result<(), GradeError> {
    for (id, ((of_hidden, _), entries)) in (first_id..).zip(kinds) {
        if *of_hidden != hidden {
            continue;
        }
        let mut file = JobFile::default();
        for readable in chunk {
            let unit = unit_code(&mut file, readable);
            file.units.push(unit);
        }
        for &(unit, _, case_index, _) in entries {
            let case = &chunk[unit as usize].attempt.challenge.cases[case_index];
            file.cases.push(CaseCode {
                unit,
                setup: case.setup.clone(),
                expr: case.expr.clone(),
            });
        }
        let job_file = job_file(jobs_dir, id);
        let mut bytes = Vec::new();
        file.write(&mut bytes)
            .map_err(|e| GradeError::Environment(format!("cannot write a job: {e}")))?;
        std::fs::write(&job_file, bytes).map_err(|e| GradeError::file(&job_file, e))?;
        set_mode(&job_file, 0o400)?;
    }
    Ok(())
}

/// Where job `id`'s file is.
pub(super) fn job_file(jobs_dir: &Path, id: u32) -> PathBuf {
    jobs_dir.join(format!("job-{id}.bin"))
}

/// The requests of a chunk's jobs and where their cases go: made from the
/// challenges alone, so that a chunk's hidden jobs need not be held from
/// its planning until the hidden phase.
fn jobs_of_chunk(
    group: u32,
    first_id: u32,
    attempts: &[Attempt<'_>],
    chunk: &[usize],
    kinds: BTreeMap<JobKind, Vec<Entry>>,
    options: &ExecOptions,
    jobs_dir: &Path,
) -> Vec<(JobRequest, JobCases)> {
    let challenge_of = |unit: u32| attempts[chunk[unit as usize]].challenge;
    (first_id..)
        .zip(kinds)
        .map(|(id, ((hidden, memory_mb), entries))| {
            let request = JobRequest {
                id,
                group,
                job_file: job_file(jobs_dir, id),
                hidden,
                cases: entries
                    .iter()
                    .map(|&(unit, _, case_index, _)| {
                        let case = &challenge_of(unit).cases[case_index];
                        CasePlan {
                            timeout_ms: case.timeout_ms,
                            unit,
                            measured: case.max_peak_kb.is_some() || case.max_ratio.is_some(),
                        }
                    })
                    .collect(),
                memory_mb,
                output_cap: options.output_cap,
            };
            let cases = JobCases {
                entries: entries
                    .iter()
                    .map(|&(_, attempt, case, run)| CaseEntry {
                        attempt: attempt as u32,
                        case: case as u32,
                        run: run as u32,
                    })
                    .collect(),
            };
            (request, cases)
        })
        .collect()
}

/// An attempt's files as a unit of a job file.
fn unit_code(file: &mut JobFile, readable: &Readable<'_, '_>) -> UnitCode {
    let attempt = readable.attempt;
    let source = file.add_source(&readable.main);
    let extra = attempt
        .extra_files()
        .zip(&readable.extra)
        .map(|((module, path), bytes)| ExtraModule {
            module,
            display: display_name(&attempt.root.join(path)),
            source: file.add_source(bytes),
        })
        .collect();
    UnitCode {
        module: attempt.challenge.module_name(),
        display: display_name(&attempt.main_path()),
        source,
        extra,
    }
}

/// How many times a case runs.
pub(super) fn runs_of(case: &crate::spec::Case) -> usize {
    if case.max_ratio.is_some() {
        TIMED_RUNS
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plans one learner's challenge (a visible and a hidden case),
    /// calling `between` once the visible jobs were sent: what the
    /// collector heard, and whether a hidden job was sent.
    fn plan_around(between: impl FnOnce(&Path)) -> (Vec<PlanEvent>, bool) {
        let spec = "[exercise]\ntitle = \"t\"\ntopic = \"functions\"\ndifficulty = 1\n\n\
                    [[test]]\nname = \"one\"\nexpr = \"f()\"\nexpect = \"1\"\n\n\
                    [[test]]\nname = \"secret\"\nexpr = \"f()\"\nexpect = \"1\"\nhidden = true\n";
        let challenge =
            crate::spec::parse(spec, Path::new("exercise.toml"), "c".into()).expect("a valid spec");
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join("c").join(&challenge.file);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "def f():\n    return 1\n").unwrap();
        let jobs_dir = tempfile::tempdir().expect("tempdir");
        let attempts = [Attempt::under(root.path(), &challenge)];
        let options = ExecOptions {
            jobs: 1,
            output_cap: 1 << 20,
            site_packages: None,
        };
        let mut events = Vec::new();
        let mut between = Some(between);
        let mut hidden_sent = false;
        plan(
            &attempts,
            &options,
            jobs_dir.path(),
            &mut |event| {
                events.push(event);
                true
            },
            &mut |request| {
                if request.hidden {
                    hidden_sent = true;
                } else if let Some(between) = between.take() {
                    between(&file);
                }
                true
            },
        )
        .expect("planned");
        (events, hidden_sent)
    }

    #[test]
    fn hidden_jobs_run_the_bytes_the_visible_ones_ran() {
        let (events, hidden_sent) = plan_around(|_| {});
        assert!(hidden_sent, "{events:?}");
        assert!(!events.iter().any(|e| matches!(e, PlanEvent::Skipped(..))));

        // Changed between the visible and the hidden jobs: the hidden
        // case is settled as not run, never run on other code.
        let (events, hidden_sent) = plan_around(|file| {
            std::fs::write(file, "def f():\n    return 2\n").unwrap();
        });
        assert!(!hidden_sent, "{events:?}");
        let skipped: Vec<_> = events
            .iter()
            .filter_map(|e| match e {
                PlanEvent::Skipped(cases, problem) => Some((cases.entries.len(), problem)),
                _ => None,
            })
            .collect();
        assert!(
            matches!(skipped[..], [(1, FileProblem::Changed { .. })]),
            "{events:?}"
        );
        assert!(matches!(events.last(), Some(PlanEvent::End(2))));

        // Gone by then: that problem.
        let (events, hidden_sent) = plan_around(|file| std::fs::remove_file(file).unwrap());
        assert!(!hidden_sent);
        assert!(
            events
                .iter()
                .any(|e| matches!(e, PlanEvent::Skipped(_, FileProblem::Missing { .. }))),
            "{events:?}"
        );
    }
}
