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

/// The jobs of a run, written to disk, and what will collect their cases.
pub(super) struct Planned {
    pub requests: Vec<JobRequest>,
    pub jobs: Vec<JobCases>,
    /// Per attempt, its jobs not yet finished.
    pub jobs_left: Vec<u32>,
    /// Attempts whose files could not be read: nothing of them runs.
    pub unreadable: BTreeMap<usize, FileProblem>,
    pub jobs_dir: PathBuf,
}

/// An attempt whose files were read.
struct Readable<'a, 'c> {
    index: usize,
    attempt: &'a Attempt<'c>,
    main: Vec<u8>,
    extra: Vec<Vec<u8>>,
}

/// Reads every attempt's files and writes the job files.
pub(super) fn plan(
    attempts: &[Attempt<'_>],
    options: &ExecOptions,
    run_dir: &Path,
) -> Result<Planned, GradeError> {
    let mut jobs_left = vec![0u32; attempts.len()];
    let mut unreadable = BTreeMap::new();
    let jobs_dir = run_dir.join("jobs");
    std::fs::create_dir(&jobs_dir).map_err(|e| GradeError::file(&jobs_dir, e))?;
    let mut jobs = Vec::new();
    let mut requests = Vec::new();
    for (group, chunk) in chunks(attempts, options.jobs).into_iter().enumerate() {
        let mut readable = Vec::new();
        for index in chunk {
            let attempt = &attempts[index];
            match attempt.read() {
                Ok((main, extra)) => readable.push(Readable {
                    index,
                    attempt,
                    main,
                    extra,
                }),
                Err(problem) => {
                    unreadable.insert(index, problem);
                }
            }
        }
        if readable.is_empty() {
            continue;
        }
        let asyncio = readable
            .iter()
            .any(|r| needs_asyncio(r.attempt, &r.main, &r.extra));
        let first_id = jobs.len() as u32;
        for (request, cases) in plan_chunk(group as u32, first_id, &readable, options, &jobs_dir)? {
            for attempt in cases.attempts() {
                jobs_left[attempt] += 1;
            }
            jobs.push(cases);
            requests.push((asyncio, request));
        }
    }
    // Jobs that need asyncio go first: their children import it (tens of
    // ms) while the rest of the run goes on, or the zygote imports it once
    // for all when many need it.
    requests.sort_by_key(|(asyncio, _)| !asyncio);
    Ok(Planned {
        requests: requests.into_iter().map(|(_, request)| request).collect(),
        jobs,
        jobs_left,
        unreadable,
        jobs_dir,
    })
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

/// Writes the job files of one chunk: per kind of case (visible, hidden)
/// and memory limit, one job of every such case of the chunk's attempts.
/// Every job of the chunk holds every attempt as a unit, at the same
/// place: the zygote knows units by (group, unit) across the group's jobs.
fn plan_chunk(
    group: u32,
    first_id: u32,
    chunk: &[Readable<'_, '_>],
    options: &ExecOptions,
    jobs_dir: &Path,
) -> Result<Vec<(JobRequest, JobCases)>, GradeError> {
    let mut kinds: BTreeMap<JobKind, Vec<Entry>> = BTreeMap::new();
    for (unit, readable) in chunk.iter().enumerate() {
        let challenge = readable.attempt.challenge;
        for (case_index, case) in challenge.cases.iter().enumerate() {
            for run in 0..runs_of(case) {
                kinds
                    .entry((case.hidden, challenge.memory_mb))
                    .or_default()
                    .push((unit as u32, readable.index, case_index, run));
            }
        }
    }
    let mut planned = Vec::new();
    for ((hidden, memory_mb), entries) in kinds {
        let mut file = JobFile::default();
        for readable in chunk {
            let unit = unit_code(&mut file, readable);
            file.units.push(unit);
        }
        let challenge_of = |unit: u32| chunk[unit as usize].attempt.challenge;
        for &(unit, _, case_index, _) in &entries {
            let case = &challenge_of(unit).cases[case_index];
            file.cases.push(CaseCode {
                unit,
                setup: case.setup.clone(),
                expr: case.expr.clone(),
            });
        }
        let id = first_id + planned.len() as u32;
        let job_file = jobs_dir.join(format!("job-{id}.bin"));
        let mut bytes = Vec::new();
        file.write(&mut bytes)
            .map_err(|e| GradeError::Environment(format!("cannot write a job: {e}")))?;
        std::fs::write(&job_file, bytes).map_err(|e| GradeError::file(&job_file, e))?;
        set_mode(&job_file, 0o400)?;
        let request = JobRequest {
            id,
            group,
            job_file,
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
        planned.push((request, cases));
    }
    Ok(planned)
}

/// An attempt's files as a unit of a job file.
fn unit_code(file: &mut JobFile, readable: &Readable<'_, '_>) -> UnitCode {
    let attempt = readable.attempt;
    let source = file.add_source(&readable.main);
    let extra = attempt
        .extra_files
        .iter()
        .zip(&readable.extra)
        .map(|((module, path), bytes)| ExtraModule {
            module: module.clone(),
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
