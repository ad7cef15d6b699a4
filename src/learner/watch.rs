//! `grade watch`: re-grading on save.

use crate::error::GradeError;
use crate::plan::Selection;
use crate::report::{Reporter, Summary};
use crate::runner::{self, RunOptions};
use crate::spec::Challenge;
use std::time::{Duration, SystemTime};

use super::{load, plan_for};

/// `grade watch`: grade the selection once, then again each challenge whose
/// learner files change. Polling keeps it portable (no inotify limits, works
/// on network and container mounts); a handful of files twice a second costs
/// nothing.
pub fn watch(
    selection: &Selection,
    options: &RunOptions,
    reporter: &mut dyn FnMut() -> Box<dyn Reporter>,
) -> Result<(), GradeError> {
    let challenges = load(selection)?;
    let stamps = |challenge: &Challenge| -> Vec<Option<SystemTime>> {
        std::iter::once(&challenge.file)
            .chain(&challenge.extra_files)
            .map(|file| {
                let path = selection.exercises_root.join(&challenge.path).join(file);
                std::fs::metadata(path).and_then(|m| m.modified()).ok()
            })
            .collect()
    };
    let mut seen: Vec<_> = challenges.iter().map(stamps).collect();
    let run =
        |chosen: Vec<Challenge>, reporter: &mut dyn Reporter| -> Result<Summary, GradeError> {
            runner::grade(&plan_for(selection, chosen), options, reporter)
        };
    run(challenges.clone(), reporter().as_mut())?;
    eprintln!(
        "watching {} challenge(s); save a file to re-grade it, Ctrl-C to stop",
        challenges.len()
    );
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let changed: Vec<Challenge> = challenges
            .iter()
            .zip(seen.iter_mut())
            .filter_map(|(challenge, stamp)| {
                let now = stamps(challenge);
                (now != *stamp).then(|| {
                    *stamp = now;
                    challenge.clone()
                })
            })
            .collect();
        if !changed.is_empty() {
            run(changed, reporter().as_mut())?;
        }
    }
}
