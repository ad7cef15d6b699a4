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
mod zygote;

use std::collections::HashMap;

pub use execute::{execute, Attempt, ExecOptions, ExecSetup};
pub use reference::References;
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
}

pub fn grade(
    plan: &Plan,
    options: &RunOptions,
    reporter: &mut dyn Reporter,
) -> Result<Summary, GradeError> {
    let started = std::time::Instant::now();
    let references = References::compute(plan, &options.exec)?;
    let mut attempts = Vec::new();
    let mut owners = Vec::new();
    for (learner, submission) in plan.submissions.iter().enumerate() {
        for (index, challenge) in plan.challenges.iter().enumerate() {
            attempts.push(Attempt::under(&submission.root, challenge));
            let learner = submission.learner.as_deref().map(|name| Learner {
                index: learner,
                name,
            });
            owners.push((learner, index));
        }
    }
    reporter
        .event(Event::Started {
            challenges: attempts.len(),
            learners: plan
                .submissions
                .iter()
                .filter(|submission| submission.learner.is_some())
                .count(),
        })
        .map_err(output_error)?;
    let mut summary = Summary::default();
    let mut finished: HashMap<usize, Vec<Execution>> = HashMap::new();
    let mut emitted = 0;
    let setup = ExecSetup {
        exception_names: references.raised_names(plan),
    };
    execute(
        &attempts,
        &options.exec,
        &setup,
        &mut |index, executions, table| {
            finished.insert(index, executions);
            while let Some(executions) = finished.remove(&emitted) {
                let (learner, challenge_index) = owners[emitted];
                let report = judge_challenge(
                    &plan.challenges[challenge_index],
                    &executions,
                    references.get(challenge_index),
                    table,
                    options.reveal,
                    execute::display_name(&attempts[emitted].main_path()),
                );
                summary.add(&report);
                reporter
                    .event(Event::Graded {
                        learner,
                        challenge: &report,
                    })
                    .map_err(output_error)?;
                emitted += 1;
            }
            Ok(())
        },
    )?;
    summary.duration_ms = started.elapsed().as_millis() as u64;
    reporter
        .event(Event::Finished { summary: &summary })
        .map_err(output_error)?;
    Ok(summary)
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
