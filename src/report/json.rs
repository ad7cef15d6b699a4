//! `--format json`: the schema of SPEC §6, written once the run is over.
//! A hidden case omits what it cannot show (`expected`, `actual`, `diff`,
//! `detail`, `stdout`, `stdout_truncated`, `duration_ms`) rather than
//! filling it with empty values.

use std::io::Write;

use serde::Serialize;

use super::text::{learner, OUTPUT_CAP};
use super::{CaseReport, CaseView, ChallengeReport, Event, Reporter, Status, Summary};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: &'a Summary,
    submissions: &'a [SubmissionOut],
}

#[derive(Serialize)]
struct SubmissionOut {
    #[serde(skip)]
    index: Option<usize>,
    learner: Option<String>,
    challenges: Vec<ChallengeOut>,
}

#[derive(Serialize)]
struct ChallengeOut {
    path: String,
    title: String,
    topic: &'static str,
    points: u32,
    max_points: u32,
    cases: Vec<CaseOut>,
}

#[derive(Serialize)]
struct CaseOut {
    name: String,
    status: Status,
    hidden: bool,
    points: u32,
    max_points: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_ms: Option<f64>,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stdout: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stdout_truncated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference_ms: Option<f64>,
}

impl CaseOut {
    fn new(case: &CaseReport) -> CaseOut {
        let rendered = case.rendered();
        let mut out = CaseOut {
            name: case.name.clone(),
            status: case.status(),
            hidden: case.hidden,
            points: case.points,
            max_points: case.max_points,
            duration_ms: None,
            message: rendered.message,
            detail: rendered.detail,
            expected: rendered.expected,
            actual: rendered.actual,
            diff: rendered.diff,
            stdout: None,
            stdout_truncated: None,
            reference_ms: None,
        };
        if let CaseView::Shown(shown) = &case.view {
            out.duration_ms = shown.duration_ms;
            out.stdout = Some(learner(&shown.output.text, OUTPUT_CAP));
            out.stdout_truncated =
                Some(shown.output.truncated || shown.output.text.len() > OUTPUT_CAP);
            out.reference_ms = shown.reference_ms;
        }
        out
    }
}

impl ChallengeOut {
    fn new(challenge: &ChallengeReport) -> ChallengeOut {
        ChallengeOut {
            path: challenge.path.clone(),
            title: challenge.title.clone(),
            topic: challenge.topic,
            points: challenge.points,
            max_points: challenge.max_points,
            cases: challenge.cases.iter().map(CaseOut::new).collect(),
        }
    }
}

pub struct Json<W: Write> {
    out: W,
    submissions: Vec<SubmissionOut>,
}

impl<W: Write> Json<W> {
    pub fn new(out: W) -> Self {
        Json {
            out,
            submissions: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for Json<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => {}
            Event::Graded { learner, challenge } => {
                let index = learner.map(|l| l.index);
                let challenge = ChallengeOut::new(challenge);
                match self.submissions.last_mut() {
                    Some(last) if last.index == index => last.challenges.push(challenge),
                    _ => self.submissions.push(SubmissionOut {
                        index,
                        learner: learner.map(|l| l.name.to_owned()),
                        challenges: vec![challenge],
                    }),
                }
            }
            Event::Finished { summary } => {
                let document = Document {
                    version: 1,
                    summary,
                    submissions: &self.submissions,
                };
                serde_json::to_writer_pretty(&mut self.out, &document)?;
                writeln!(self.out)?;
                self.out.flush()?;
            }
        }
        Ok(())
    }
}
