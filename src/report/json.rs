//! `--format json`: the schema of SPEC §6. A hidden case omits what it
//! cannot show (`expected`, `actual`, `diff`, `detail`, `stdout`,
//! `stdout_truncated`, `duration_ms`, `code`, `line`) rather than filling
//! it with empty values.
//!
//! The document holds everything every other format shows, so that
//! `grade merge` can rebuild a run's reports from it ([`Document::parse`]).
//! Submissions are written to a spill file as each one ends and joined
//! once the summary is known: the reporter holds one submission, however
//! large the class.

use std::io::{Seek, Write};

use serde::{Deserialize, Serialize};

use super::render::Rendered;
use super::{CaseReport, CaseView, ChallengeReport, Event, Reporter, Shown, Status, Summary};
use crate::plan::Partition;
use crate::report::NotRun;

/// The version `grade` writes and `grade merge` reads.
pub const VERSION: u32 = 1;

/// A whole JSON report.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub version: u32,
    pub summary: Summary,
    /// The slice of a `--partition K/N` run (absent from a whole run).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<Partition>,
    pub submissions: Vec<SubmissionOut>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmissionOut {
    /// The folder name of a class's learner; null for one submission.
    pub learner: Option<String>,
    pub challenges: Vec<ChallengeOut>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChallengeOut {
    path: String,
    /// Its exercise.toml does not load (file:line:column: why): no case
    /// ran, and the run exits 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    broken: Option<String>,
    title: String,
    topic: String,
    difficulty: u8,
    /// The learner file, as tracebacks and annotations name it.
    file: String,
    points: u32,
    max_points: u32,
    cases: Vec<CaseOut>,
    /// How many of its hints the learner has seen (`grade hint`).
    #[serde(default, skip_serializing_if = "is_zero")]
    hints_seen: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseOut {
    name: String,
    status: Status,
    hidden: bool,
    points: u32,
    max_points: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duration_ms: Option<f64>,
    message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    actual: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    diff: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stdout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stdout_truncated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reference_ms: Option<f64>,
    /// The case's setup and expr (shown cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    /// The line of the learner file a failure points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    /// The case stopped at the starter stub's NotImplementedError.
    #[serde(default, skip_serializing_if = "is_false")]
    stub: bool,
    /// The learner module stopped the case before it ran: "unreadable",
    /// "compile" or "load".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not_run: Option<NotRun>,
    /// A failed output case: `expected` and `actual` are the output.
    #[serde(default, skip_serializing_if = "is_false")]
    stdout_in_diff: bool,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl From<&CaseReport> for CaseOut {
    fn from(case: &CaseReport) -> CaseOut {
        let rendered = case.rendered().into_owned();
        let mut out = CaseOut {
            name: case.name.clone(),
            status: case.status,
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
            code: None,
            line: None,
            stub: case.stub,
            not_run: case.not_run,
            stdout_in_diff: false,
        };
        if let CaseView::Shown(shown) = &case.view {
            out.duration_ms = shown.duration_ms;
            out.stdout = Some(shown.stdout.clone());
            out.stdout_truncated = Some(shown.stdout_truncated);
            out.reference_ms = shown.reference_ms;
            out.code = Some(shown.code.clone());
            out.line = shown.line;
            out.stdout_in_diff = shown.stdout_in_diff;
        }
        out
    }
}

impl From<CaseOut> for CaseReport {
    fn from(case: CaseOut) -> CaseReport {
        // Only a shown case has its code; a redacted one has its message.
        let view = match case.code {
            Some(code) => CaseView::Shown(Box::new(Shown {
                rendered: Rendered {
                    message: case.message,
                    detail: case.detail,
                    expected: case.expected,
                    actual: case.actual,
                    diff: case.diff,
                },
                duration_ms: case.duration_ms,
                code,
                stdout: case.stdout.unwrap_or_default(),
                stdout_truncated: case.stdout_truncated.unwrap_or(false),
                stdout_in_diff: case.stdout_in_diff,
                reference_ms: case.reference_ms,
                line: case.line,
            })),
            None => CaseView::Redacted {
                message: case.message,
            },
        };
        CaseReport {
            name: case.name,
            status: case.status,
            hidden: case.hidden,
            points: case.points,
            max_points: case.max_points,
            stub: case.stub,
            not_run: case.not_run,
            view,
        }
    }
}

impl From<&ChallengeReport> for ChallengeOut {
    fn from(challenge: &ChallengeReport) -> ChallengeOut {
        ChallengeOut {
            path: challenge.path.clone(),
            broken: challenge.broken.clone(),
            title: challenge.title.clone(),
            topic: challenge.topic.clone(),
            difficulty: challenge.difficulty,
            file: challenge.file.clone(),
            points: challenge.points,
            max_points: challenge.max_points,
            cases: challenge.cases.iter().map(CaseOut::from).collect(),
            hints_seen: challenge.hints_seen,
        }
    }
}

impl From<ChallengeOut> for ChallengeReport {
    fn from(challenge: ChallengeOut) -> ChallengeReport {
        ChallengeReport {
            path: challenge.path,
            title: challenge.title,
            topic: challenge.topic,
            difficulty: challenge.difficulty,
            file: challenge.file,
            points: challenge.points,
            max_points: challenge.max_points,
            cases: challenge.cases.into_iter().map(CaseReport::from).collect(),
            broken: challenge.broken,
            hints_seen: challenge.hints_seen,
        }
    }
}

/// A case as the JSON report writes it (a run keeps judged cases so).
pub fn case_bytes(case: &CaseReport) -> Vec<u8> {
    serde_json::to_vec(&CaseOut::from(case)).expect("reports serialize")
}

/// A case `case_bytes` wrote.
pub fn case_from_bytes(bytes: &[u8]) -> Result<CaseReport, String> {
    serde_json::from_slice::<CaseOut>(bytes)
        .map(CaseReport::from)
        .map_err(|e| e.to_string())
}

impl Document {
    /// Reads a report `grade --format json` wrote.
    pub fn parse(text: &str) -> Result<Document, String> {
        let document: Document = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if document.version != VERSION {
            return Err(format!(
                "version {} (this grade reads version {VERSION})",
                document.version
            ));
        }
        Ok(document)
    }
}

pub struct Json<W: Write> {
    out: W,
    partition: Option<Partition>,
    /// The submission being graded, by learner index.
    current: Option<(Option<usize>, SubmissionOut)>,
    /// Submissions already over, pretty-printed at their depth, comma-led.
    spill: Option<std::fs::File>,
    spilled: usize,
}

impl<W: Write> Json<W> {
    pub fn new(out: W, partition: Option<Partition>) -> Self {
        Json {
            out,
            partition,
            current: None,
            spill: None,
            spilled: 0,
        }
    }

    fn spill_current(&mut self) -> std::io::Result<()> {
        let Some((_, submission)) = self.current.take() else {
            return Ok(());
        };
        let spill = match &mut self.spill {
            Some(spill) => spill,
            None => self.spill.insert(tempfile::tempfile()?),
        };
        let mut spill = std::io::BufWriter::new(spill);
        if self.spilled > 0 {
            spill.write_all(b",\n")?;
        }
        spill.write_all(nested(&submission, "    ", true).as_bytes())?;
        spill.flush()?;
        self.spilled += 1;
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> std::io::Result<()> {
        self.spill_current()?;
        let out = &mut self.out;
        write!(
            out,
            "{{\n  \"version\": {VERSION},\n  \"summary\": {}",
            nested(summary, "  ", false)
        )?;
        if let Some(partition) = &self.partition {
            write!(
                out,
                ",\n  \"partition\": {}",
                nested(partition, "  ", false)
            )?;
        }
        match &mut self.spill {
            Some(spill) => {
                out.write_all(b",\n  \"submissions\": [\n")?;
                spill.rewind()?;
                std::io::copy(&mut std::io::BufReader::new(spill), out)?;
                out.write_all(b"\n  ]\n}\n")?;
            }
            None => out.write_all(b",\n  \"submissions\": []\n}\n")?,
        }
        self.spill = None;
        out.flush()
    }
}

/// `value` pretty-printed as serde_json prints it `indent` deep in a
/// document: every line but the first indented (the first too when it
/// starts a line). JSON strings hold no raw line breaks, so each line is
/// one of the printer's.
fn nested(value: &impl Serialize, indent: &str, first_too: bool) -> String {
    let text = serde_json::to_string_pretty(value).expect("reports serialize");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if index > 0 || first_too {
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

impl<W: Write> Reporter for Json<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => {}
            Event::Graded { learner, challenge } => {
                let index = learner.map(|l| l.index);
                if self.current.as_ref().is_none_or(|(at, _)| *at != index) {
                    self.spill_current()?;
                    self.current = Some((
                        index,
                        SubmissionOut {
                            learner: learner.map(|l| l.name.to_owned()),
                            challenges: Vec::new(),
                        },
                    ));
                }
                if let Some((_, submission)) = &mut self.current {
                    submission.challenges.push(ChallengeOut::from(challenge));
                }
            }
            Event::Finished { summary } => self.finish(summary)?,
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(path: &str) -> ChallengeReport {
        ChallengeReport {
            path: path.into(),
            title: "A \"title\"\nwith a break".into(),
            topic: "generators".into(),
            difficulty: 2,
            file: "exercises/week1/x/solution.py".into(),
            points: 1,
            max_points: 2,
            cases: vec![
                CaseReport {
                    name: "shown".into(),
                    status: Status::Fail,
                    hidden: false,
                    points: 0,
                    max_points: 1,
                    stub: false,
                    not_run: None,
                    view: CaseView::Shown(Box::new(Shown {
                        rendered: Rendered {
                            message: "value differs".into(),
                            expected: Some("[1,\n 2]".into()),
                            actual: Some("[1]".into()),
                            diff: Some("- 2".into()),
                            detail: None,
                        },
                        duration_ms: Some(1.25),
                        code: "f(1)".into(),
                        stdout: "hi\n".into(),
                        line: Some(3),
                        ..Shown::default()
                    })),
                },
                CaseReport {
                    name: "hidden".into(),
                    status: Status::Error,
                    hidden: true,
                    points: 0,
                    max_points: 1,
                    stub: true,
                    not_run: None,
                    view: CaseView::Redacted {
                        message: "raised an exception".into(),
                    },
                },
            ],
            broken: None,
            hints_seen: 0,
        }
    }

    fn streamed(learners: &[&str], partition: Option<Partition>) -> String {
        let mut out = Vec::new();
        let mut json = Json::new(&mut out, partition);
        let report = challenge("week1/x");
        for (index, name) in learners.iter().enumerate() {
            for _ in 0..2 {
                json.event(Event::Graded {
                    learner: Some(super::super::Learner { index, name }),
                    challenge: &report,
                })
                .unwrap();
            }
        }
        json.event(Event::Finished {
            summary: &Summary::default(),
        })
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_bytes_are_serde_json_pretty_bytes() {
        let partition = Partition {
            slice: 2,
            of: 3,
            by: crate::plan::Sliced::Learners,
        };
        for (learners, partition) in [
            (&[][..], None),
            (&["ada"][..], None),
            (&["ada", "bob", "cy"][..], Some(partition)),
        ] {
            let text = streamed(learners, partition);
            let document = Document::parse(&text).unwrap();
            assert_eq!(document.submissions.len(), learners.len());
            let whole = serde_json::to_string_pretty(&document).unwrap() + "\n";
            assert_eq!(text, whole);
        }
    }

    #[test]
    fn a_report_read_back_is_the_report_written() {
        let report = challenge("week1/x");
        let again = ChallengeReport::from(ChallengeOut::from(&report));
        assert_eq!(format!("{report:?}"), format!("{again:?}"));
    }
}
