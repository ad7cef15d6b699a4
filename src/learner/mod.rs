//! The learner's loop around grading: `grade list` (a progress table,
//! [`list`]), `grade hint SLUG` (the next hint, one at a time, [`hint`])
//! and `grade watch` (re-grade a challenge whenever its file is saved,
//! [`watch`]).

mod hint;
mod list;
mod watch;

pub use hint::hint;
pub use list::list;
pub use watch::watch;

use crate::error::GradeError;
use crate::plan::{self, Plan, Selection, Submission};
use crate::report::{ChallengeReport, Event, Reporter};
use crate::spec::Challenge;

pub(super) fn plan_for(selection: &Selection, challenges: Vec<Challenge>) -> Plan {
    Plan {
        broken: Vec::new(),
        partition: None,
        site_packages: None,
        solutions_root: plan::default_solutions(&selection.exercises_root),
        challenges,
        submissions: vec![Submission {
            learner: None,
            root: selection.exercises_root.clone(),
        }],
    }
}

pub(super) fn load(selection: &Selection) -> Result<Vec<Challenge>, GradeError> {
    plan::load_challenges(selection, None)
}

/// Collects reports instead of printing them.
#[derive(Default)]
pub(super) struct Collect {
    pub(super) reports: Vec<ChallengeReport>,
}

impl Reporter for Collect {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        if let Event::Graded { challenge, .. } = event {
            self.reports.push(challenge.clone());
        }
        Ok(())
    }
}
