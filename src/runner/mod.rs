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
pub use reference::References;
use results::{KeyParts, ResultCache};
pub use zygote::{discard_prespawned, prespawn};

use crate::error::GradeError;
use crate::exception_table::ExceptionTable;
use crate::execution::Execution;
use crate::judge::{self, ReferenceCase};
use crate::plan::Plan;
use crate::report::{
    render, text, CaseReport, CaseView, ChallengeReport, Event, Learner, Reporter, Shown, Summary,
};
use crate::spec::Challenge;
use crate::verdict::{redact, Reason, Status};

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub exec: ExecOptions,
    /// Show hidden cases in full.
    pub reveal: bool,
    /// `--cache DIR`: reports of unchanged attempts are kept and reused.
    pub cache: Option<std::path::PathBuf>,
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
        .map(|dir| ResultCache::open(dir, options.reveal, options.exec.output_cap))
        .transpose()?;
    let mut slots = Vec::new();
    let mut attempts = Vec::new();
    for (learner, submission) in plan.submissions.iter().enumerate() {
        for (index, challenge) in plan.challenges.iter().enumerate() {
            let attempt = Attempt::under(&submission.root, challenge);
            let file = execute::display_name(&attempt.main_path());
            let key = cache.as_ref().map(|cache| {
                let parts = KeyParts {
                    solutions_root: &plan.solutions_root,
                    file: &file,
                };
                cache.key(&attempt, &parts)
            });
            let cached = cache
                .as_ref()
                .zip(key.as_deref())
                .and_then(|(cache, key)| cache.get(key));
            if cached.is_none() {
                attempts.push((attempt, slots.len()));
            }
            slots.push(Slot {
                learner: submission.learner.as_deref().map(|name| Learner {
                    index: learner,
                    name,
                }),
                challenge: index,
                file,
                key,
                report: cached,
            });
        }
    }
    if let Some(dir) = &options.cache {
        eprintln!(
            "cache: {} of {} challenge reports reused from {}",
            slots.len() - attempts.len(),
            slots.len(),
            dir.display()
        );
    }
    let to_run: std::collections::HashSet<usize> = attempts
        .iter()
        .map(|(_, slot)| slots[*slot].challenge)
        .collect();
    let references = References::compute(plan, &options.exec, |index| to_run.contains(&index))?;
    reporter
        .event(Event::Started {
            challenges: slots.len(),
            learners: plan
                .submissions
                .iter()
                .filter(|submission| submission.learner.is_some())
                .count(),
        })
        .map_err(output_error)?;
    let mut summary = Summary::default();
    let mut emitted = 0;
    // Reports go out in plan order, each as soon as those before it have.
    let mut emit = |slots: &mut [Slot<'_>]| -> Result<(), GradeError> {
        while let Some(report) = slots.get_mut(emitted).and_then(|slot| slot.report.take()) {
            summary.add(&report);
            reporter
                .event(Event::Graded {
                    learner: slots[emitted].learner,
                    challenge: &report,
                })
                .map_err(output_error)?;
            emitted += 1;
        }
        Ok(())
    };
    emit(&mut slots)?;
    if !attempts.is_empty() {
        let setup = ExecSetup {
            exception_names: references.raised_names(plan),
        };
        let (attempts, owners): (Vec<Attempt<'_>>, Vec<usize>) = attempts.into_iter().unzip();
        execute(
            &attempts,
            &options.exec,
            &setup,
            &mut |index, executions, table| {
                let slot = &mut slots[owners[index]];
                let report = judge_challenge(
                    &plan.challenges[slot.challenge],
                    &executions,
                    references.get(slot.challenge),
                    table,
                    options.reveal,
                    slot.file.clone(),
                );
                if let (Some(cache), Some(key)) = (&cache, &slot.key) {
                    cache.put(key, &report);
                }
                slot.report = Some(report);
                emit(&mut slots)
            },
        )?;
    }
    if emitted != slots.len() {
        return Err(GradeError::Environment(
            "the worker process ended before every challenge was graded".into(),
        ));
    }
    summary.duration_ms = started.elapsed().as_millis() as u64;
    reporter
        .event(Event::Finished { summary: &summary })
        .map_err(output_error)?;
    Ok(summary)
}

/// One (learner, challenge) of a run, in plan order.
struct Slot<'a> {
    learner: Option<Learner<'a>>,
    challenge: usize,
    /// The learner file as the report names it.
    file: String,
    /// Its `--cache` key.
    key: Option<String>,
    /// Its report, from the cache or once judged, until reported.
    report: Option<ChallengeReport>,
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
    let cases: Vec<CaseReport> = challenge
        .cases
        .iter()
        .zip(executions)
        .enumerate()
        .map(|(index, (case, execution))| {
            let reference_case = reference.and_then(|r| r.get(index));
            let verdict = judge::judge(case, execution, reference_case, table);
            let points = if verdict.status == Status::Pass {
                case.points
            } else {
                0
            };
            let stub = match &execution.outcome {
                crate::execution::Outcome::Raised(error) => judge::is_stub(error, table),
                _ => false,
            };
            let view = if case.hidden && !reveal {
                CaseView::Redacted {
                    message: redact(&verdict).message,
                }
            } else {
                let output = &execution.output;
                CaseView::Shown(Box::new(Shown {
                    rendered: render::render(&verdict, stub),
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
                    line: render::failure_line(&verdict, &file),
                }))
            };
            CaseReport {
                name: case.name.clone(),
                status: verdict.status,
                hidden: case.hidden,
                points,
                max_points: case.points,
                stub,
                view,
            }
        })
        .collect();
    ChallengeReport {
        path: challenge.path.clone(),
        title: challenge.title.clone(),
        topic: challenge.topic.as_str().to_owned(),
        difficulty: challenge.difficulty,
        file,
        points: cases.iter().map(|c| c.points).sum(),
        max_points: challenge.max_points(),
        cases,
    }
}

/// The case's setup and expr, as shown beside a failure.
fn case_code(case: &crate::spec::Case) -> String {
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
