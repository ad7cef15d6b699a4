//! `grade list`: the progress table.

use crate::error::GradeError;
use crate::plan::Selection;
use crate::runner::{self, RunOptions};
use std::io::Write;

use super::{load, plan_for, Collect};

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
        // Totals per week (the first part of the path) and overall.
        let mut weeks: Vec<(String, usize, usize, u32, u32)> = Vec::new();
        for report in &collect.reports {
            let week = report.path.split('/').next().unwrap_or_default().to_owned();
            if weeks.last().is_none_or(|(name, ..)| *name != week) {
                weeks.push((week, 0, 0, 0, 0));
            }
            if let Some((_, done, count, points, max)) = weeks.last_mut() {
                *count += 1;
                *points += report.points;
                *max += report.max_points;
                if report.points == report.max_points {
                    *done += 1;
                }
            }
        }
        writeln!(out)?;
        if weeks.len() > 1 {
            for (week, done, count, points, max) in &weeks {
                writeln!(
                    out,
                    "{week:<width$}  {done} of {count} done · {points}/{max} points"
                )?;
            }
        }
        let points: u32 = collect.reports.iter().map(|r| r.points).sum();
        let max: u32 = collect.reports.iter().map(|r| r.max_points).sum();
        writeln!(
            out,
            "{done} of {} challenges done · {points}/{max} points",
            collect.reports.len()
        )?;
        // Next: the first started one, else the first still to do.
        let open = |r: &&crate::report::ChallengeReport| r.points < r.max_points;
        let next = collect
            .reports
            .iter()
            .filter(open)
            .find(|r| r.points > 0)
            .or_else(|| collect.reports.iter().find(open));
        if let Some(next) = next {
            writeln!(out, "next: {} ({})", next.path, next.title)?;
        }
        Ok(())
    };
    write(out).map_err(runner::output_error)
}
