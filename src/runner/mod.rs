//! Running a [`Plan`]: reference solutions first where cases take their
//! expectations or their time budget from them (in a zygote of their own,
//! so that nothing of the reference is in a learner's process), then every
//! learner's challenge, judged here as results come back and reported in
//! plan order.

mod cleanup;
mod decode;
mod execute;
mod imports;
mod jobs;
mod reference;
mod results;
mod zygote;

pub use execute::{execute, Attempt, ExecOptions, ExecSetup};
use execute::{execute_cases, CaseSink};
pub use reference::{stale_frozen, References, FROZEN_FILE};

use results::{KeyParts, ResultCache};
pub use zygote::{discard_prespawned, prespawn};

use crate::error::GradeError;
use crate::exception_table::ExceptionTable;
use crate::execution::Execution;
use crate::judge::{self, ReferenceCase};
use crate::plan::Plan;
use crate::report::{
    render, text, CaseReport, CaseView, ChallengeReport, Event, Learner, NotRun, Reporter, Shown,
    Summary,
};
use crate::spec::Challenge;
use crate::verdict::{redact, Reason};

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub exec: ExecOptions,
    /// Show hidden cases in full.
    pub reveal: bool,
    /// Width values are pretty-printed to ([`render::PRETTY_WIDTH`] but
    /// for a human report on a terminal).
    pub width: usize,
    /// `--cache DIR`: reports of unchanged attempts are kept and reused.
    pub cache: Option<std::path::PathBuf>,
    pub cache_use: CacheUse,
}

/// How a run uses its results cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheUse {
    /// `--cache DIR`: unchanged reports are reused; one with a timeout or
    /// a crash is never kept (a loaded machine causes those).
    #[default]
    Incremental,
    /// The practice repo's `.grade/results`: every report is recorded for
    /// `grade list`, and none is reused by grading.
    Record,
    /// `grade list`: any recorded report of unchanged files stands.
    Reuse,
}

/// `grade freeze`: the references' outcomes of every selected challenge,
/// written beside its exercise.toml (a missing reference is an error).
pub fn freeze(plan: &Plan, options: &ExecOptions) -> Result<Vec<std::path::PathBuf>, GradeError> {
    let references = References::compute(plan, options, |_| true, reference::Absent::Error)?;
    reference::freeze(plan, &references)
}

/// How many hints of each challenge (by path) the learner has seen.
pub fn hints_seen(state_dir: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
    std::fs::read(state_dir.join(HINTS_FILE))
        .ok()
        .and_then(|text| serde_json::from_slice(&text).ok())
        .unwrap_or_default()
}

/// In the state folder: how many hints of each challenge were shown.
pub const HINTS_FILE: &str = "hints.json";

/// Where a practice repo keeps what grade remembers for its learner (the
/// last results, hints seen), beside `exercises/`; ignored by git.
pub fn state_dir(exercises_root: &std::path::Path) -> std::path::PathBuf {
    exercises_root
        .parent()
        .unwrap_or(exercises_root)
        .join(".grade")
}

pub fn grade(
    plan: &Plan,
    options: &RunOptions,
    reporter: &mut dyn Reporter,
) -> Result<Summary, GradeError> {
    let started = std::time::Instant::now();
    let cache = options
        .cache
        .as_deref()
        .map(|dir| {
            ResultCache::open(
                dir,
                (options.reveal, options.width),
                options.exec.output_cap,
                options.exec.site_packages.as_deref(),
                options.cache_use != CacheUse::Incremental,
            )
        })
        .transpose()
        // The repo's own record is best effort: a read-only checkout still
        // grades.
        .or_else(|error| match options.cache_use {
            CacheUse::Incremental => Err(error),
            CacheUse::Record | CacheUse::Reuse => Ok(None),
        })?;
    let slots = Slots::of(plan);
    let mut keys = std::collections::HashMap::new();
    let mut cached = std::collections::HashMap::new();
    let mut attempts = Vec::new();
    let mut owners = Vec::new();
    for (learner, submission) in plan.submissions.iter().enumerate() {
        let root: std::sync::Arc<std::path::Path> = submission.root.as_path().into();
        for (index, challenge) in plan.challenges.iter().enumerate() {
            let slot = slots.slot(learner, index);
            let attempt = Attempt::under(root.clone(), challenge);
            let file = execute::display_name(&attempt.main_path());
            let key = cache.as_ref().map(|cache| {
                let parts = KeyParts {
                    solutions_root: &plan.solutions_root,
                    file: &file,
                };
                cache.key(&attempt, &parts).into_boxed_str()
            });
            let report = cache
                .as_ref()
                .filter(|_| options.cache_use != CacheUse::Record)
                .zip(key.as_deref())
                .and_then(|(cache, key)| cache.get(key));
            match report {
                Some(report) => {
                    cached.insert(slot, Box::new(report));
                }
                None => {
                    attempts.push(attempt);
                    owners.push(slot as u32);
                }
            }
            if let Some(key) = key {
                keys.insert(slot, key);
            }
        }
    }
    if let (Some(dir), CacheUse::Incremental) = (&options.cache, options.cache_use) {
        eprintln!(
            "cache: {} of {} challenge reports reused from {}",
            cached.len(),
            plan.submissions.len() * plan.challenges.len(),
            dir.display()
        );
    }
    let to_run: std::collections::HashSet<usize> = owners
        .iter()
        .filter_map(|&slot| slots.challenge(slot as usize))
        .collect();
    let references = References::compute(
        plan,
        &options.exec,
        |index| to_run.contains(&index),
        reference::Absent::UseFrozen,
    )?;
    reporter
        .event(Event::Started {
            challenges: slots.len,
            learners: plan
                .submissions
                .iter()
                .filter(|submission| submission.learner.is_some())
                .count(),
        })
        .map_err(output_error)?;
    let mut grading = Grading {
        plan,
        references: &references,
        showing: Showing {
            reveal: options.reveal,
            width: options.width,
        },
        cache: cache.as_ref(),
        done: vec![false; slots.len],
        slots,
        keys,
        cached,
        owners,
        spill: Spill::new()?,
        index: CaseIndex::new()?,
        hints: plan
            .submissions
            .first()
            .map(|submission| hints_seen(&state_dir(&submission.root)))
            .unwrap_or_default(),
        emitted: 0,
        summary: Summary::default(),
        reporter,
    };
    grading.emit()?;
    if !attempts.is_empty() {
        let setup = ExecSetup {
            exception_names: references.raised_names(plan),
        };
        execute_cases(&attempts, &options.exec, &setup, &mut grading)?;
    }
    if grading.emitted != grading.slots.len {
        return Err(GradeError::Environment(
            "the worker process ended before every challenge was graded".into(),
        ));
    }
    let mut summary = grading.summary;
    summary.duration_ms = started.elapsed().as_millis() as u64;
    reporter
        .event(Event::Finished { summary: &summary })
        .map_err(output_error)?;
    Ok(summary)
}

/// The (learner, challenge) slots of a run, in plan order: per
/// submission its broken specs (an entry each, first, where an instructor
/// reading the report sees them), then its challenges. A grid: a slot's
/// submission, challenge and cases are computed, not stored, so that what
/// a class holds per learner and challenge until its hidden phase ends is
/// a few bytes.
struct Slots {
    broken: usize,
    /// Per challenge, a submission's cases before it; then all of them.
    cases_before: Vec<usize>,
    len: usize,
}

impl Slots {
    fn of(plan: &Plan) -> Slots {
        let cases_before = std::iter::once(0)
            .chain(plan.challenges.iter().scan(0, |count, challenge| {
                *count += challenge.cases.len();
                Some(*count)
            }))
            .collect();
        Slots {
            broken: plan.broken.len(),
            cases_before,
            len: plan.submissions.len() * (plan.broken.len() + plan.challenges.len()),
        }
    }

    fn per_submission(&self) -> usize {
        self.broken + self.cases_before.len() - 1
    }

    fn slot(&self, submission: usize, challenge: usize) -> usize {
        submission * self.per_submission() + self.broken + challenge
    }

    fn submission(&self, slot: usize) -> usize {
        slot / self.per_submission()
    }

    /// The challenge of a slot in the plan, or None for a broken spec's.
    fn challenge(&self, slot: usize) -> Option<usize> {
        (slot % self.per_submission()).checked_sub(self.broken)
    }

    /// The broken spec of a slot, in the plan's.
    fn broken(&self, slot: usize) -> Option<usize> {
        Some(slot % self.per_submission()).filter(|&at| at < self.broken)
    }

    /// Where a slot's first case is in the case index.
    fn first_case(&self, slot: usize, challenge: usize) -> u64 {
        let all = self.cases_before[self.cases_before.len() - 1];
        (self.submission(slot) * all + self.cases_before[challenge]) as u64
    }
}

/// A run being graded: each case judged as it arrives and spilled to disk
/// (a class's visible results wait for the whole class's hidden phase),
/// each challenge reported in plan order once it and all before it are.
struct Grading<'p, 'r> {
    plan: &'p Plan,
    references: &'p References,
    showing: Showing,
    cache: Option<&'p ResultCache>,
    slots: Slots,
    /// Per slot, whether every case is judged.
    done: Vec<bool>,
    /// The `--cache` key of each slot, with a cache.
    keys: std::collections::HashMap<usize, Box<str>>,
    /// Reports from the cache, until reported.
    cached: std::collections::HashMap<usize, Box<ChallengeReport>>,
    /// The slot of each attempt.
    owners: Vec<u32>,
    spill: Spill,
    index: CaseIndex,
    /// Hints seen per challenge, for the practice repo's own report.
    hints: std::collections::BTreeMap<String, usize>,
    emitted: usize,
    summary: Summary,
    reporter: &'r mut dyn Reporter,
}

impl<'p> Grading<'p, '_> {
    fn judge(
        &mut self,
        slot: usize,
        challenge: usize,
        case: usize,
        execution: &Execution,
        table: &ExceptionTable,
    ) -> Result<(), GradeError> {
        let report = judge_case(
            &self.plan.challenges[challenge],
            case,
            execution,
            self.references.get(challenge),
            table,
            self.showing,
            &self.file(slot, challenge),
        );
        let stored = self.spill.put(&report)?;
        self.index
            .put(self.slots.first_case(slot, challenge) + case as u64, stored)
    }

    /// Where each case of a slot is in the spill, if judged.
    fn stored(&self, slot: usize, challenge: usize) -> Result<Vec<Option<Stored>>, GradeError> {
        let count = self.plan.challenges[challenge].cases.len();
        self.index
            .get(self.slots.first_case(slot, challenge), count)
    }

    /// The learner file of a slot as the report names it.
    fn file(&self, slot: usize, challenge: usize) -> String {
        let challenge = &self.plan.challenges[challenge];
        let root = &self.plan.submissions[self.slots.submission(slot)].root;
        execute::display_name(&root.join(&challenge.path).join(&challenge.file))
    }

    /// The learner of a slot, in a class.
    fn learner(&self, slot: usize) -> Option<Learner<'p>> {
        let index = self.slots.submission(slot);
        let name = self.plan.submissions[index].learner.as_deref()?;
        Some(Learner { index, name })
    }

    /// Reports every slot whose turn has come.
    fn emit(&mut self) -> Result<(), GradeError> {
        while self.emitted < self.slots.len {
            let slot = self.emitted;
            let report = if let Some(broken) = self.slots.broken(slot) {
                let broken = &self.plan.broken[broken];
                ChallengeReport::broken(&broken.path, &broken.error.to_string())
            } else if let Some(report) = self.cached.remove(&slot) {
                *report
            } else if self.done[slot] {
                let index = self.slots.challenge(slot).expect("not a broken spec's");
                let cases = self
                    .stored(slot, index)?
                    .into_iter()
                    .map(|stored| self.spill.get(stored.expect("every case is judged")))
                    .collect::<Result<Vec<_>, _>>()?;
                let report =
                    challenge_report(&self.plan.challenges[index], cases, self.file(slot, index));
                if let (Some(cache), Some(key)) = (self.cache, self.keys.get(&slot)) {
                    cache.put(key, &report);
                }
                report
            } else {
                break;
            };
            let mut report = report;
            let learner = self.learner(slot);
            if learner.is_none() {
                report.hints_seen = self.hints.get(&report.path).copied().unwrap_or(0);
            }
            self.summary.add(&report);
            self.reporter
                .event(Event::Graded {
                    learner,
                    challenge: &report,
                })
                .map_err(output_error)?;
            self.emitted += 1;
        }
        Ok(())
    }
}

impl CaseSink for Grading<'_, '_> {
    fn case(
        &mut self,
        attempt: usize,
        case: usize,
        execution: Execution,
        table: &ExceptionTable,
    ) -> Result<(), GradeError> {
        let slot = self.owners[attempt] as usize;
        let challenge = self.slots.challenge(slot).expect("an attempt's slot");
        self.judge(slot, challenge, case, &execution, table)
    }

    fn attempt_done(&mut self, attempt: usize, table: &ExceptionTable) -> Result<(), GradeError> {
        let slot = self.owners[attempt] as usize;
        let challenge = self.slots.challenge(slot).expect("an attempt's slot");
        for (case, stored) in self.stored(slot, challenge)?.into_iter().enumerate() {
            if stored.is_none() {
                self.judge(slot, challenge, case, &decode::no_result(), table)?;
            }
        }
        self.done[slot] = true;
        self.emit()
    }
}

/// Where a judged case waits in the spill file: one past the offset of
/// its length.
#[derive(Debug, Clone, Copy)]
struct Stored(std::num::NonZeroU64);

/// Judged cases waiting for their turn to be reported, on disk: the
/// grader's memory stays the same whatever the size of the class.
struct Spill {
    file: std::io::BufWriter<std::fs::File>,
    length: u64,
}

impl Spill {
    fn new() -> Result<Spill, GradeError> {
        let file = tempfile::tempfile().map_err(spill_error)?;
        Ok(Spill {
            file: std::io::BufWriter::with_capacity(256 << 10, file),
            length: 0,
        })
    }

    fn put(&mut self, case: &CaseReport) -> Result<Stored, GradeError> {
        let bytes = crate::report::json::case_bytes(case);
        // Length and bytes in one write: a record is either all in the
        // buffer or all on disk.
        let mut record = Vec::with_capacity(8 + bytes.len());
        record.extend((bytes.len() as u64).to_le_bytes());
        record.extend(bytes);
        std::io::Write::write_all(&mut self.file, &record).map_err(spill_error)?;
        let stored = Stored(std::num::NonZeroU64::MIN.saturating_add(self.length));
        self.length += record.len() as u64;
        Ok(stored)
    }

    fn get(&mut self, stored: Stored) -> Result<CaseReport, GradeError> {
        use std::os::unix::fs::FileExt;
        let at = stored.0.get() - 1;
        if at >= self.length - self.file.buffer().len() as u64 {
            std::io::Write::flush(&mut self.file).map_err(spill_error)?;
        }
        let mut length = [0u8; 8];
        self.file
            .get_ref()
            .read_exact_at(&mut length, at)
            .map_err(spill_error)?;
        let mut bytes = vec![0; u64::from_le_bytes(length) as usize];
        self.file
            .get_ref()
            .read_exact_at(&mut bytes, at + 8)
            .map_err(spill_error)?;
        crate::report::json::case_from_bytes(&bytes)
            .map_err(|e| GradeError::Environment(format!("the run's spill file is garbled: {e}")))
    }
}

/// Where each judged case is in the spill, on disk too: a slot at a time
/// is read back. Indexed by [`Slots::first_case`] plus the case; a case
/// not judged yet reads as zeros (the file is sparse).
struct CaseIndex {
    file: std::fs::File,
}

impl CaseIndex {
    fn new() -> Result<CaseIndex, GradeError> {
        Ok(CaseIndex {
            file: tempfile::tempfile().map_err(spill_error)?,
        })
    }

    fn put(&self, at: u64, stored: Stored) -> Result<(), GradeError> {
        use std::os::unix::fs::FileExt;
        self.file
            .write_all_at(&stored.0.get().to_le_bytes(), at * 8)
            .map_err(spill_error)
    }

    fn get(&self, first: u64, count: usize) -> Result<Vec<Option<Stored>>, GradeError> {
        use std::os::unix::fs::FileExt;
        let mut bytes = vec![0; count * 8];
        let mut read = 0;
        // Past the end of the file is a case not judged yet.
        while read < bytes.len() {
            match self
                .file
                .read_at(&mut bytes[read..], first * 8 + read as u64)
            {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(spill_error(e)),
            }
        }
        Ok(bytes
            .chunks_exact(8)
            .map(|word| {
                let word = u64::from_le_bytes(word.try_into().expect("8 bytes"));
                std::num::NonZeroU64::new(word).map(Stored)
            })
            .collect())
    }
}

fn spill_error(error: std::io::Error) -> GradeError {
    GradeError::Environment(format!(
        "cannot keep the run's results in a temporary file: {error}"
    ))
}

/// Judges every case of one attempt; `reference` holds the reference's run
/// of each case, where the challenge needs it; `file` is the learner file
/// as tracebacks name it.
pub fn judge_challenge(
    challenge: &Challenge,
    executions: &[Execution],
    reference: Option<&[ReferenceCase]>,
    table: &ExceptionTable,
    reveal: bool,
    file: String,
) -> ChallengeReport {
    let cases = executions
        .iter()
        .take(challenge.cases.len())
        .enumerate()
        .map(|(index, execution)| {
            judge_case(
                challenge,
                index,
                execution,
                reference,
                table,
                Showing {
                    reveal,
                    width: render::PRETTY_WIDTH,
                },
                &file,
            )
        })
        .collect();
    challenge_report(challenge, cases, file)
}

fn challenge_report(
    challenge: &Challenge,
    cases: Vec<CaseReport>,
    file: String,
) -> ChallengeReport {
    ChallengeReport {
        path: challenge.path.clone(),
        title: challenge.title.clone(),
        topic: challenge.topic.as_str().to_owned(),
        difficulty: challenge.difficulty,
        file,
        points: cases.iter().map(|c| c.points).sum(),
        max_points: challenge.max_points(),
        cases,
        broken: None,
        hints_seen: 0,
    }
}

/// Judges case `index` of a challenge, and words its verdict as the
/// reports show it.
/// A learner's `import helper` failing while `helper.py` sits beside their
/// file: only the files the exercise lists are the learner's code, and
/// nothing else said so.
fn unlisted_module_note(reason: &Reason, challenge: &Challenge, file: &str) -> Option<String> {
    let (Reason::NotLoaded { error } | Reason::Raised { error }) = reason else {
        return None;
    };
    if error.class.display != "ModuleNotFoundError" {
        return None;
    }
    let module = error
        .message
        .strip_prefix("No module named '")?
        .strip_suffix('\'')?;
    let beside = format!("{}.py", module.split('.').next()?);
    if challenge.file == beside || challenge.extra_files.contains(&beside) {
        return None;
    }
    std::path::Path::new(file)
        .with_file_name(&beside)
        .is_file()
        .then(|| {
            format!(
                "note: {beside} sits beside {} but is not part of the challenge: only the files its exercise.toml lists (`file`, `extra_files`) are loaded with it\n",
                challenge.file
            )
        })
}

/// How shown cases are written: whether hidden ones are, and the width
/// values are pretty-printed to.
#[derive(Debug, Clone, Copy)]
struct Showing {
    reveal: bool,
    width: usize,
}

fn judge_case(
    challenge: &Challenge,
    index: usize,
    execution: &Execution,
    reference: Option<&[ReferenceCase]>,
    table: &ExceptionTable,
    showing: Showing,
    file: &str,
) -> CaseReport {
    let case = &challenge.cases[index];
    let reference_case = reference.and_then(|r| r.get(index));
    let verdict = judge::judge(case, execution, reference_case, table);
    let points = if verdict.status.earns_points() {
        case.points
    } else {
        0
    };
    let stub = match &execution.outcome {
        crate::execution::Outcome::Raised(error) => judge::is_stub(error, table),
        _ => false,
    };
    let view = if case.hidden && !showing.reveal {
        CaseView::Redacted {
            message: redact(&verdict).message,
        }
    } else {
        let output = &execution.output;
        let mut rendered = render::render(&verdict, stub, showing.width);
        if let Some(note) = unlisted_module_note(&verdict.reason, challenge, file) {
            let detail = rendered.detail.get_or_insert_with(String::new);
            detail.push_str(&note);
        }
        CaseView::Shown(Box::new(Shown {
            rendered,
            duration_ms: execution.wall.map(|wall| wall.as_secs_f64() * 1000.0),
            code: case_code(case),
            stdout: text::learner(&output.text, text::OUTPUT_CAP),
            stdout_truncated: output.truncated || output.text.len() > text::OUTPUT_CAP,
            stdout_in_diff: matches!(verdict.reason, Reason::OutputDiffers { .. }),
            reference_ms: case
                .max_ratio
                .and(reference_case)
                .and_then(|r| r.measurement)
                .map(|m| m.cpu_ns as f64 / 1e6),
            line: render::failure_line(&verdict, file),
        }))
    };
    CaseReport {
        name: case.name.clone(),
        status: verdict.status,
        hidden: case.hidden,
        points,
        max_points: case.points,
        stub,
        not_run: match verdict.reason {
            Reason::Unreadable(_) => Some(NotRun::Unreadable),
            Reason::Invalid(_) => Some(NotRun::Compile),
            Reason::NotLoaded { .. } => Some(NotRun::Load),
            _ => None,
        },
        view,
    }
}

/// The case's setup and expr, as shown beside a failure.
fn case_code(case: &crate::spec::Case) -> String {
    if let Some(code) = &case.shown_code {
        return code.clone();
    }
    let mut code = String::new();
    if let Some(setup) = &case.setup {
        code.push_str(setup.trim_end());
        code.push('\n');
    }
    if let Some(expr) = &case.expr {
        code.push_str(expr.trim());
    }
    code.trim_end().to_owned()
}

pub fn output_error(error: std::io::Error) -> GradeError {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        GradeError::BrokenPipe
    } else {
        GradeError::Environment(format!("cannot write the report: {error}"))
    }
}
