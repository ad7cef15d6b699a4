//! The learner's loop around grading: `grade list` (a progress table),
//! `grade hint SLUG` (the next hint, one at a time) and `grade watch`
//! (re-grade a challenge whenever its file is saved).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::error::GradeError;
use crate::plan::{self, Plan, Selection, Submission};
use crate::report::{ChallengeReport, Event, Reporter, Summary};
use crate::runner::{self, RunOptions};
use crate::spec::Challenge;

/// Where `grade hint` remembers how many hints of each challenge were shown:
/// beside `exercises/`, so it travels with the learner's repo.
const HINTS_FILE: &str = ".grade-hints.json";

fn plan_for(selection: &Selection, challenges: Vec<Challenge>) -> Plan {
    Plan {
        solutions_root: plan::default_solutions(&selection.exercises_root),
        challenges,
        submissions: vec![Submission {
            learner: None,
            root: selection.exercises_root.clone(),
        }],
    }
}

fn load(selection: &Selection) -> Result<Vec<Challenge>, GradeError> {
    plan::load_challenges(selection, None).map_err(|mut errors| {
        if errors.len() == 1 {
            GradeError::Spec(errors.remove(0))
        } else {
            GradeError::Specs(errors)
        }
    })
}

/// Collects reports instead of printing them.
#[derive(Default)]
struct Collect {
    reports: Vec<ChallengeReport>,
}

impl Reporter for Collect {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        if let Event::Graded { challenge, .. } = event {
            self.reports.push(challenge.clone());
        }
        Ok(())
    }
}

/// `grade list`: each challenge with its topic, difficulty, points and
/// whether it is done, started or still to do.
pub fn list(
    selection: &Selection,
    options: &RunOptions,
    out: &mut dyn Write,
) -> Result<(), GradeError> {
    let challenges = load(selection)?;
    let plan = plan_for(selection, challenges);
    let mut collect = Collect::default();
    runner::grade(&plan, options, &mut collect)?;
    let width = collect
        .reports
        .iter()
        .map(|r| r.path.len())
        .max()
        .unwrap_or(9)
        .max(9);
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(
            out,
            "{:<width$}  {:<16}  {:<4}  {:>7}  status",
            "challenge", "topic", "diff", "points"
        )?;
        let mut done = 0;
        for report in &collect.reports {
            let status = if report.points == report.max_points {
                done += 1;
                "done"
            } else if report.points == 0 {
                "to do"
            } else {
                "started"
            };
            let stars: String = (1..=3)
                .map(|l| if l <= report.difficulty { '★' } else { '☆' })
                .collect();
            writeln!(
                out,
                "{:<width$}  {:<16}  {:<4}  {:>7}  {status}",
                report.path,
                report.topic,
                stars,
                format!("{}/{}", report.points, report.max_points)
            )?;
        }
        writeln!(out, "\n{done} of {} challenges done", collect.reports.len())
    };
    write(out).map_err(runner::output_error)
}

/// `grade hint SLUG`: every hint shown so far plus the next one.
pub fn hint(slug: &str, root: Option<&Path>, out: &mut dyn Write) -> Result<(), GradeError> {
    let paths: Vec<PathBuf> = root.map(|r| vec![r.to_path_buf()]).unwrap_or_default();
    let selection = plan::select(&paths)?;
    let wanted = slug.trim_matches('/');
    let matches: Vec<_> = selection
        .specs
        .iter()
        .filter(|(_, path)| path == wanted || path.rsplit('/').next() == Some(wanted))
        .cloned()
        .collect();
    let (spec_file, path) = match matches.as_slice() {
        [one] => one.clone(),
        [] => {
            return Err(GradeError::Usage(format!(
                "no challenge named `{slug}` (try `grade list`)"
            )))
        }
        many => {
            return Err(GradeError::Usage(format!(
                "`{slug}` is ambiguous: {}",
                many.iter()
                    .map(|(_, p)| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    };
    let challenge = crate::spec::load(&spec_file, path.clone())?;
    if challenge.hints.is_empty() {
        writeln!(out, "{path} has no hints.").map_err(runner::output_error)?;
        return Ok(());
    }
    let state_file = selection
        .exercises_root
        .parent()
        .unwrap_or(&selection.exercises_root)
        .join(HINTS_FILE);
    let mut shown: BTreeMap<String, usize> = std::fs::read(&state_file)
        .ok()
        .and_then(|text| serde_json::from_slice(&text).ok())
        .unwrap_or_default();
    let count = (shown.get(&path).copied().unwrap_or(0) + 1).min(challenge.hints.len());
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(out, "{path}: {}", challenge.title)?;
        for (index, hint) in challenge.hints.iter().take(count).enumerate() {
            writeln!(
                out,
                "  hint {} of {}: {hint}",
                index + 1,
                challenge.hints.len()
            )?;
        }
        if count == challenge.hints.len() {
            writeln!(out, "  (that was the last hint)")?;
        }
        Ok(())
    };
    write(out).map_err(runner::output_error)?;
    shown.insert(path, count);
    let text =
        serde_json::to_vec_pretty(&shown).map_err(|e| GradeError::Environment(e.to_string()))?;
    fs_err::write(&state_file, text).map_err(|e| GradeError::file(&state_file, e))?;
    Ok(())
}

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
