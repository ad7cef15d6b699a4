//! `--format gradescope`: the `results.json` a Gradescope autograder
//! writes to `/autograder/results/` (Gradescope's "Autograder
//! Specifications", gradescope-autograders.readthedocs.io/en/latest/specs/),
//! for one submission: a run of a class is refused before it starts.
//!
//! One test per case, numbered `challenge.case` in run order, scored with
//! the case's points. A visible case's `output` is its verdict in plain
//! text (the case's code, expected and actual values, diff, traceback, what
//! it printed); a hidden case's is its redacted message only, and its
//! `visibility` is the `--gradescope-hidden` setting. Every text is
//! declared `"text"` (Gradescope's default for the top-level output renders
//! HTML): learner text is shown as written. A challenge whose
//! exercise.toml does not load is a failed test of no points whose output
//! does not quote the error (it can quote the spec, hidden cases included):
//! grade prints it on stderr, which Gradescope shows to instructors only.

use std::io::Write;

use serde::Serialize;

use super::plain::{details, labelled, printed, Gathered};
use super::{CaseReport, CaseView, ChallengeReport, Event, Reporter, Summary};

/// When students see a test (Gradescope's `visibility` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Always.
    #[value(skip)]
    Visible,
    /// When the instructor publishes the grades (the default for hidden
    /// cases).
    #[value(name = "after_published", alias = "after-published")]
    AfterPublished,
    /// After the due date (the late due date, if there is one).
    #[value(name = "after_due_date", alias = "after-due-date")]
    AfterDueDate,
    /// Never; students do not see their total score either.
    Hidden,
}

/// The document Gradescope reads.
#[derive(Serialize)]
struct Results {
    score: u32,
    /// Seconds.
    execution_time: f64,
    output: String,
    output_format: Format,
    test_output_format: Format,
    test_name_format: Format,
    visibility: Visibility,
    /// What grade prints is the instructor's log.
    stdout_visibility: Visibility,
    tests: Vec<Test>,
}

#[derive(Serialize)]
struct Test {
    name: String,
    number: String,
    score: u32,
    max_score: u32,
    status: TestStatus,
    output: String,
    tags: Vec<String>,
    visibility: Visibility,
}

#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum TestStatus {
    Passed,
    Failed,
}

/// How Gradescope renders a text: as plain text, never as HTML, Markdown
/// or ANSI colours.
#[derive(Serialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Format {
    Text,
}

pub struct Gradescope<W: Write> {
    out: W,
    hidden: Visibility,
    gathered: Gathered,
}

impl<W: Write> Gradescope<W> {
    /// `hidden`: the visibility of hidden cases.
    pub fn new(out: W, hidden: Visibility) -> Self {
        Gradescope {
            out,
            hidden,
            gathered: Gathered::default(),
        }
    }

    fn results(&self, summary: &Summary) -> Results {
        let mut tests = Vec::new();
        for (index, challenge) in self.gathered.challenges.iter().enumerate() {
            let number = index + 1;
            if challenge.broken.is_some() {
                tests.push(self.broken(challenge, number));
            }
            for (case_index, case) in challenge.cases.iter().enumerate() {
                tests.push(Test {
                    name: self.gathered.test_name(challenge, &case.name),
                    number: format!("{number}.{}", case_index + 1),
                    score: case.points,
                    max_score: case.max_points,
                    status: if case.status().is_failure() {
                        TestStatus::Failed
                    } else {
                        TestStatus::Passed
                    },
                    output: case_output(case),
                    tags: tags(challenge, case.hidden),
                    visibility: if case.hidden {
                        self.hidden
                    } else {
                        Visibility::Visible
                    },
                });
            }
        }
        Results {
            score: summary.points,
            execution_time: summary.duration_ms as f64 / 1000.0,
            output: self.overall(summary),
            output_format: Format::Text,
            test_output_format: Format::Text,
            test_name_format: Format::Text,
            visibility: Visibility::Visible,
            stdout_visibility: Visibility::Hidden,
            tests,
        }
    }

    fn broken(&self, challenge: &ChallengeReport, number: usize) -> Test {
        Test {
            name: format!("{} › exercise.toml", challenge.path),
            number: number.to_string(),
            score: 0,
            max_score: 0,
            status: TestStatus::Failed,
            output: "this challenge could not be graded: its exercise.toml does not load \
                     (the autograder's log says why)"
                .into(),
            tags: tags(challenge, false),
            visibility: Visibility::Visible,
        }
    }

    /// The text above the tests: the totals, and when hidden results show.
    fn overall(&self, summary: &Summary) -> String {
        let mut text = format!(
            "grade: {} passed, {} failed · {}/{} points",
            summary.passed, summary.failed, summary.points, summary.max_points
        );
        let hidden = self
            .gathered
            .challenges
            .iter()
            .flat_map(|challenge| &challenge.cases)
            .filter(|case| case.hidden)
            .count();
        if hidden > 0 {
            let when = match self.hidden {
                Visibility::Visible => "now",
                Visibility::AfterPublished => "once your instructor publishes the grades",
                Visibility::AfterDueDate => "after the due date",
                Visibility::Hidden => "never (they count towards your score)",
            };
            let cases = if hidden == 1 { "case" } else { "cases" };
            text.push_str(&format!(
                "\n{hidden} hidden {cases}: their results are shown {when}"
            ));
        }
        text
    }
}

/// A case's box of text: for a visible case, its verdict, code and what it
/// printed; for a hidden one, its redacted message. A failure's message is
/// led by its status; a skipped test's or an expected failure's already
/// says what it is.
fn case_output(case: &CaseReport) -> String {
    let failed = case.status().is_failure();
    let headline = |message: &str| {
        if failed {
            format!("{}: {message}", case.status().as_str())
        } else {
            message.to_owned()
        }
    };
    match &case.view {
        CaseView::Redacted { message } => headline(message),
        CaseView::Shown(shown) => {
            let mut text = headline(&shown.rendered.message);
            if failed {
                if !shown.code.is_empty() {
                    labelled(&mut text, "code", &shown.code);
                }
                let details = details(&shown.rendered, shown.stdout_in_diff);
                if !details.is_empty() {
                    text.push('\n');
                    text.push_str(&details);
                }
            }
            if !shown.stdout_in_diff && (!shown.stdout.is_empty() || shown.stdout_truncated) {
                labelled(
                    &mut text,
                    "printed",
                    &printed(&shown.stdout, shown.stdout_truncated),
                );
            }
            text
        }
    }
}

/// The challenge's path and topic, for filtering in Gradescope; "hidden"
/// on hidden cases.
fn tags(challenge: &ChallengeReport, hidden: bool) -> Vec<String> {
    let mut tags = vec![challenge.path.clone()];
    if !challenge.topic.is_empty() {
        tags.push(challenge.topic.clone());
    }
    if hidden {
        tags.push("hidden".into());
    }
    tags
}

impl<W: Write> Reporter for Gradescope<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        if let Some(summary) = self.gathered.event(event) {
            let results = self.results(summary);
            serde_json::to_writer_pretty(&mut self.out, &results)?;
            writeln!(self.out)?;
            self.out.flush()?;
        }
        Ok(())
    }
}
