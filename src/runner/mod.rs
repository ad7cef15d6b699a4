//! Running a [`Plan`]: reference solutions first where cases take their
//! expectations or their time budget from them (in a zygote of their own,
//! so that nothing of the reference is in a learner's process), then every
//! learner's challenge, judged here as results come back and reported in
//! plan order.

mod execute;
mod reference;

use std::collections::HashMap;

pub use execute::{discard_prespawned, execute, prespawn, Attempt, ExecOptions};
pub use reference::References;

use crate::error::GradeError;
use crate::judge::{self, Execution};
use crate::plan::Plan;
use crate::report::{ChallengeReport, Event, Reporter, Summary};
use crate::spec::Challenge;

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
    for submission in &plan.submissions {
        for (index, challenge) in plan.challenges.iter().enumerate() {
            attempts.push(Attempt::under(&submission.root, challenge));
            owners.push((submission.learner.as_deref(), index));
        }
    }
    reporter
        .event(Event::Started {
            challenges: attempts.len(),
        })
        .map_err(output_error)?;
    let mut summary = Summary::default();
    let mut finished: HashMap<usize, ChallengeReport> = HashMap::new();
    let mut emitted = 0;
    execute(&attempts, &options.exec, &mut |index, executions| {
        let (_, challenge_index) = owners[index];
        let mut report = judge_challenge(
            &plan.challenges[challenge_index],
            executions,
            references.get(challenge_index),
            options.reveal,
        );
        report.file = execute::display_name(&attempts[index].main_file);
        finished.insert(index, report);
        while let Some(report) = finished.remove(&emitted) {
            summary.add(&report);
            reporter
                .event(Event::Graded {
                    learner: owners[emitted].0,
                    challenge: &report,
                })
                .map_err(output_error)?;
            emitted += 1;
        }
        Ok(())
    })?;
    summary.duration_ms = started.elapsed().as_millis() as u64;
    reporter
        .event(Event::Finished { summary: &summary })
        .map_err(output_error)?;
    Ok(summary)
}

/// Judges every case of one attempt.
pub fn judge_challenge(
    challenge: &Challenge,
    executions: Vec<Execution>,
    reference: Option<&[Execution]>,
    reveal: bool,
) -> ChallengeReport {
    let cases: Vec<_> = challenge
        .cases
        .iter()
        .zip(executions)
        .enumerate()
        .map(|(index, (case, execution))| {
            let mut report = judge::judge(case, execution, reference.and_then(|r| r.get(index)));
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
        file: String::new(),
        points: cases.iter().map(|c| c.points).sum(),
        max_points: challenge.max_points(),
        cases,
    }
}

pub fn output_error(error: std::io::Error) -> GradeError {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        GradeError::BrokenPipe
    } else {
        GradeError::Environment(format!("cannot write the report: {error}"))
    }
}
