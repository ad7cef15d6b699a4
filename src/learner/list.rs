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
        writeln!(out, "\n{done} of {} challenges done", collect.reports.len())
    };
    write(out).map_err(runner::output_error)
}
