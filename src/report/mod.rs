//! What a run found, and the formats it is reported in. The runner emits
//! [`Event`]s; a [`Reporter`] per format turns them into bytes and knows
//! nothing of workers. A case is either shown in full or, when hidden,
//! redacted (see `crate::verdict::redact`): reporters cannot show what
//! a hidden case's report does not hold.

pub mod csv;
mod exercism;
mod github;
mod gradescope;
pub(crate) mod html;
mod human;
pub mod json;
mod junit;
mod plain;
mod progress;
pub mod render;
pub mod text;

pub use csv::Csv;
pub use exercism::Exercism;
pub use github::Github;
pub use gradescope::{Gradescope, Visibility};
pub use html::Html;
pub use human::Human;
pub use json::{Document, Json};
pub use junit::Junit;
pub use progress::WithProgress;

pub use crate::verdict::Status;

/// One case's verdict, with what the learner may see of it, in words
/// ready to show: every format renders from this alone (and `grade merge`
/// rebuilds it from a JSON report).
#[derive(Debug, Clone)]
pub struct CaseReport {
    pub name: String,
    pub status: Status,
    pub hidden: bool,
    pub points: u32,
    pub max_points: u32,
    /// The case stopped at the starter stub's `raise NotImplementedError`
    /// (a hidden one too: an untouched challenge is one line).
    pub stub: bool,
    /// Why the case never ran, when the learner's module is the reason
    /// (a hidden case too: such a challenge is one block, not a wall).
    pub not_run: Option<NotRun>,
    pub view: CaseView,
}

/// The one line that says why a challenge's module stopped every case
/// (`solution.py does not compile: SyntaxError …`), as every format
/// that shows such a challenge as one block words it.
pub fn not_run_headline(challenge: &ChallengeReport, why_not: NotRun) -> String {
    let why = challenge
        .cases
        .iter()
        .find_map(CaseReport::shown)
        .map(|shown| {
            let message = &shown.rendered.message;
            message
                .strip_prefix(render::NOT_LOADED)
                .map_or(message.as_str(), |rest| rest.trim_start_matches(':'))
                .trim()
                .to_owned()
        })
        .filter(|why| !why.is_empty());
    let what = match why_not {
        NotRun::Unreadable => "cannot be read",
        NotRun::Compile => "does not compile",
        NotRun::Load => "did not load",
    };
    let first_line = |why: &str| why.lines().next().unwrap_or_default().to_owned();
    match (&why, why_not) {
        // The problem names the file itself ("… is missing").
        (Some(why), NotRun::Unreadable) => first_line(why),
        (Some(why), _) => format!("{} {what}: {}", challenge.file, first_line(why)),
        (None, _) => format!("{} {what}", challenge.file),
    }
}

/// The learner's module stopped every case before its own code ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotRun {
    /// A learner file is missing or cannot be read.
    Unreadable,
    /// It does not compile.
    Compile,
    /// It raised while loading.
    Load,
}

#[derive(Debug, Clone)]
pub enum CaseView {
    Shown(Box<Shown>),
    /// A hidden case: its status and a message that names no value.
    Redacted {
        message: String,
    },
}

/// A case shown in full (a visible case, or any case with `--reveal`),
/// its learner texts already escaped and capped.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub rendered: render::Rendered,
    /// Wall time as the zygote measured it; None when the case never ran.
    pub duration_ms: Option<f64>,
    /// The case's setup and expr, shown beside a failure.
    pub code: String,
    /// What the case printed.
    pub stdout: String,
    /// More was printed than the capture limit or the report kept.
    pub stdout_truncated: bool,
    /// The case compared the output and failed: `rendered` shows it already.
    pub stdout_in_diff: bool,
    /// The reference solution's CPU time, for `max_ratio` cases.
    pub reference_ms: Option<f64>,
    /// The line of the learner's file the failure points to.
    pub line: Option<u64>,
}

impl CaseReport {
    pub fn status(&self) -> Status {
        self.status
    }

    /// The case's verdict in words, as every format shows it.
    pub fn rendered(&self) -> std::borrow::Cow<'_, render::Rendered> {
        match &self.view {
            CaseView::Shown(shown) => std::borrow::Cow::Borrowed(&shown.rendered),
            CaseView::Redacted { message } => std::borrow::Cow::Owned(render::Rendered {
                message: message.clone(),
                ..render::Rendered::default()
            }),
        }
    }

    pub fn shown(&self) -> Option<&Shown> {
        match &self.view {
            CaseView::Shown(shown) => Some(shown),
            CaseView::Redacted { .. } => None,
        }
    }
}

/// One challenge of one submission.
#[derive(Debug, Clone)]
pub struct ChallengeReport {
    pub path: String,
    pub title: String,
    pub topic: String,
    pub difficulty: u8,
    /// The learner file as tracebacks name it (for annotations).
    pub file: String,
    pub points: u32,
    pub max_points: u32,
    pub cases: Vec<CaseReport>,
    /// Its exercise.toml does not load (file:line:column: why): no case
    /// ran.
    pub broken: Option<String>,
    /// How many of its hints the learner has seen (`grade hint`).
    pub hints_seen: usize,
}

impl ChallengeReport {
    /// The entry of a challenge whose spec does not load.
    pub fn broken(path: &str, error: &str) -> ChallengeReport {
        ChallengeReport {
            path: path.to_owned(),
            title: String::new(),
            topic: String::new(),
            difficulty: 0,
            file: String::new(),
            points: 0,
            max_points: 0,
            cases: Vec::new(),
            broken: Some(error.to_owned()),
            hints_seen: 0,
        }
    }
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    /// Tests of test files that skipped themselves: neither passed nor
    /// failed (written only when there are some).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub skipped: usize,
    pub points: u32,
    pub max_points: u32,
    pub duration_ms: u64,
}

impl Summary {
    pub fn add(&mut self, challenge: &ChallengeReport) {
        for case in &challenge.cases {
            match case.status() {
                Status::Skipped => self.skipped += 1,
                status if status.is_failure() => self.failed += 1,
                _ => self.passed += 1,
            }
        }
        self.points += challenge.points;
        self.max_points += challenge.max_points;
    }
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// What the runner tells reporters, in plan order.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    Started {
        challenges: usize,
        /// Learners in a class (0 when grading one submission).
        learners: usize,
    },
    /// `learner` is None when grading the practice repo itself.
    Graded {
        learner: Option<Learner<'a>>,
        challenge: &'a ChallengeReport,
    },
    Finished {
        summary: &'a Summary,
    },
}

/// A learner of a class as reports group them: by `index`, the
/// submission's place in the class, since two folder names can read the
/// same once shown (names that are not UTF-8).
#[derive(Debug, Clone, Copy)]
pub struct Learner<'a> {
    pub index: usize,
    pub name: &'a str,
}

/// A report format.
pub trait Reporter {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()>;
}

impl<R: Reporter + ?Sized> Reporter for Box<R> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        (**self).event(event)
    }
}

/// A report whose reader stopped reading (`grade | head`): the rest of
/// it is dropped, and the run goes on to its own exit code.
pub struct ToleratesClosedPipe<R> {
    inner: R,
    closed: bool,
}

impl<R> ToleratesClosedPipe<R> {
    pub fn new(inner: R) -> Self {
        ToleratesClosedPipe {
            inner,
            closed: false,
        }
    }
}

impl<R: Reporter> Reporter for ToleratesClosedPipe<R> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.inner.event(event) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Several reports of one run (`--output`: a file and the terminal).
pub struct Tee(pub Vec<Box<dyn Reporter>>);

impl Reporter for Tee {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        self.0
            .iter_mut()
            .try_for_each(|reporter| reporter.event(event))
    }
}
