//! The default report: one block per challenge as soon as it is graded,
//! a line per case, and for failures what was expected, what came back and
//! their diff. Colours only on a terminal, and never with `NO_COLOR`.

use std::io::Write;

use owo_colors::{OwoColorize, Style};

use super::text::learner_name;
use super::{not_run_headline, CaseReport, ChallengeReport, Event, NotRun, Reporter, Status};

/// Captured output and diffs longer than this many lines are cut here (the
/// JSON report keeps more).
const OUTPUT_LINES: usize = 20;

pub struct Human<W: Write> {
    out: W,
    color: bool,
    /// The learner whose reports are being written, by index.
    learner: Option<usize>,
    /// A class's learners so far: name, points, max points, challenges
    /// complete, challenges.
    totals: Vec<LearnerTotal>,
}

struct LearnerTotal {
    name: String,
    points: u32,
    max_points: u32,
    complete: usize,
    challenges: usize,
}

impl<W: Write> Human<W> {
    pub fn new(out: W, color: bool) -> Self {
        Human {
            out,
            color,
            learner: None,
            totals: Vec::new(),
        }
    }

    fn paint(&self, text: &str, style: Style) -> String {
        if self.color {
            text.style(style).to_string()
        } else {
            text.to_owned()
        }
    }

    /// A traceback or a note under its case, dimmed.
    fn dimmed(&mut self, text: &str) -> std::io::Result<()> {
        for line in text.lines() {
            writeln!(
                self.out,
                "      {}",
                self.paint(line, Style::new().dimmed())
            )?;
        }
        Ok(())
    }

    /// The line closing a learner's reports in a class.
    fn learner_total(&mut self) -> std::io::Result<()> {
        let Some(total) = self.totals.last() else {
            return Ok(());
        };
        let line = format!(
            "{}: {}/{} points, {} of {} challenges complete",
            total.name, total.points, total.max_points, total.complete, total.challenges
        );
        writeln!(self.out, "{}\n", self.paint(&line, Style::new().bold()))
    }

    fn challenge(&mut self, challenge: &ChallengeReport) -> std::io::Result<()> {
        if let Some(error) = &challenge.broken {
            writeln!(
                self.out,
                "{}  {}",
                self.paint(&challenge.path, Style::new().bold()),
                self.paint("exercise.toml does not load", Style::new().red().bold())
            )?;
            writeln!(
                self.out,
                "  {} {error}",
                self.paint("✗", Style::new().red())
            )?;
            return writeln!(self.out);
        }
        let stars: String = (1..=3)
            .map(|level| {
                if level <= challenge.difficulty {
                    '★'
                } else {
                    '☆'
                }
            })
            .collect();
        let all = challenge.points == challenge.max_points;
        let score = format!("{}/{}", challenge.points, challenge.max_points);
        let score = self.paint(
            &score,
            if all {
                Style::new().green().bold()
            } else {
                Style::new().red().bold()
            },
        );
        writeln!(
            self.out,
            "{}  {}  {}",
            self.paint(&challenge.path, Style::new().bold()),
            self.paint(
                &format!("{} · {} {}", challenge.title, challenge.topic, stars),
                Style::new().dimmed()
            ),
            score
        )?;
        let untouched = challenge.cases.iter().all(|case| case.stub);
        if untouched {
            // A challenge not started yet: one line, not a wall of errors.
            let line = format!(
                "not started: all {} cases raise NotImplementedError (the stub)",
                challenge.cases.len()
            );
            writeln!(
                self.out,
                "  {} {}",
                self.paint("✗", Style::new().red()),
                self.paint(&line, Style::new().dimmed())
            )?;
            return writeln!(self.out);
        }
        if let Some(first) = challenge.cases.first() {
            if let Some(why) = first.not_run {
                if challenge.cases.iter().all(|case| case.not_run == Some(why)) {
                    return self.not_run(challenge, why);
                }
            }
        }
        // A failure that happens before any test's own code (a test file or
        // module that does not import) is the same for every case: its
        // traceback once, then one line per case naming the first.
        let mut first_with: Vec<(&CaseReport, &str)> = Vec::new();
        for case in &challenge.cases {
            let same = case.shown().and_then(|shown| {
                let rendered = &shown.rendered;
                let detail = rendered.detail.as_deref().filter(|d| !d.is_empty())?;
                if rendered.expected.is_some() || rendered.actual.is_some() {
                    return None;
                }
                first_with
                    .iter()
                    .find(|(first, first_detail)| {
                        *first_detail == detail
                            && first.status() == case.status()
                            && first.rendered().message == rendered.message
                    })
                    .map(|(first, _)| first.name.clone())
                    .or_else(|| {
                        first_with.push((case, detail));
                        None
                    })
            });
            match same {
                Some(first) => writeln!(
                    self.out,
                    "  {} {}  {}: {}",
                    self.paint("✗", Style::new().red()),
                    case.name,
                    self.paint(case.status().as_str(), Style::new().red().bold()),
                    self.paint(
                        &format!("the same as {first}, above"),
                        Style::new().dimmed()
                    )
                )?,
                None => self.case(case)?,
            }
        }
        writeln!(self.out)
    }

    /// A learner module that does not compile or failed to load: why,
    /// once, then the cases that could not run (hidden ones by name only).
    fn not_run(&mut self, challenge: &ChallengeReport, why_not: NotRun) -> std::io::Result<()> {
        let shown = challenge.cases.iter().find_map(CaseReport::shown);
        let headline = not_run_headline(challenge, why_not);
        writeln!(
            self.out,
            "  {} {}",
            self.paint("✗", Style::new().red()),
            self.paint(&headline, Style::new().red().bold())
        )?;
        if let Some(detail) = shown.and_then(|shown| shown.rendered.detail.as_deref()) {
            self.dimmed(detail)?;
        }
        let names: Vec<String> = challenge
            .cases
            .iter()
            .map(|case| {
                if case.hidden {
                    format!("{} [hidden]", case.name)
                } else {
                    case.name.clone()
                }
            })
            .collect();
        writeln!(
            self.out,
            "    {}",
            self.paint(
                &format!("not run ({}): {}", names.len(), names.join(", ")),
                Style::new().dimmed()
            )
        )?;
        writeln!(self.out)
    }

    fn case(&mut self, case: &CaseReport) -> std::io::Result<()> {
        let hidden = if case.hidden {
            self.paint(" [hidden]", Style::new().dimmed())
        } else {
            String::new()
        };
        let status = case.status();
        if matches!(status, Status::Skipped | Status::Xfailed) {
            // Neither passed nor failed: one dim line with pytest's word.
            let line = format!("{}{hidden}  {}", case.name, case.rendered().message);
            return writeln!(
                self.out,
                "  {} {}",
                self.paint("○", Style::new().yellow()),
                self.paint(&line, Style::new().dimmed())
            );
        }
        if status == Status::Pass {
            let time = match case.shown().and_then(|shown| shown.duration_ms) {
                Some(ms) => format!(
                    "  {}",
                    self.paint(&format!("{ms:.1} ms"), Style::new().dimmed())
                ),
                None => String::new(),
            };
            return writeln!(
                self.out,
                "  {} {}{hidden}{time}",
                self.paint("✓", Style::new().green()),
                case.name
            );
        }
        let rendered = case.rendered();
        let indent = "      ";
        let mut message = rendered.message.lines();
        writeln!(
            self.out,
            "  {} {}{hidden}  {}: {}",
            self.paint("✗", Style::new().red()),
            case.name,
            self.paint(status.as_str(), Style::new().red().bold()),
            message.next().unwrap_or_default()
        )?;
        // A multi-line message stays under its case, never flush-left.
        for line in message {
            writeln!(self.out, "{indent}{line}")?;
        }
        let Some(shown) = case.shown() else {
            return Ok(());
        };
        for line in shown.code.lines() {
            writeln!(
                self.out,
                "{indent}{}",
                self.paint(&format!(">>> {line}"), Style::new().cyan())
            )?;
        }
        let multi_line = rendered
            .expected
            .as_deref()
            .is_some_and(|e| e.contains('\n'))
            || rendered.actual.as_deref().is_some_and(|a| a.contains('\n'));
        match (&rendered.expected, &rendered.actual, &rendered.diff) {
            (Some(_), Some(_), Some(diff)) if multi_line => {
                writeln!(
                    self.out,
                    "{indent}{}",
                    self.paint("diff (- expected, + actual):", Style::new().dimmed())
                )?;
                let lines: Vec<&str> = diff.lines().collect();
                for line in lines.iter().take(OUTPUT_LINES).copied() {
                    let style = match line.chars().next() {
                        Some('-') => Style::new().red(),
                        Some('+') => Style::new().green(),
                        _ => Style::new(),
                    };
                    writeln!(self.out, "{indent}{}", self.paint(line, style))?;
                }
                if lines.len() > OUTPUT_LINES {
                    writeln!(
                        self.out,
                        "{indent}… {} more lines",
                        lines.len() - OUTPUT_LINES
                    )?;
                }
            }
            (expected, actual, _) => {
                if let Some(expected) = expected {
                    self.labelled("expected: ", expected, Style::new().green())?;
                }
                if let Some(actual) = actual {
                    self.labelled("actual:   ", actual, Style::new().red())?;
                }
            }
        }
        if let Some(detail) = &rendered.detail {
            self.dimmed(detail)?;
        }
        if (!shown.stdout.is_empty() || shown.stdout_truncated) && !shown.stdout_in_diff {
            writeln!(
                self.out,
                "{indent}{}",
                self.paint("output:", Style::new().dimmed())
            )?;
            let lines: Vec<&str> = shown.stdout.lines().collect();
            for line in lines.iter().take(OUTPUT_LINES) {
                writeln!(self.out, "{indent}| {line}")?;
            }
            if lines.len() > OUTPUT_LINES {
                writeln!(
                    self.out,
                    "{indent}| … {} more lines",
                    lines.len() - OUTPUT_LINES
                )?;
            }
            if shown.stdout_truncated {
                writeln!(
                    self.out,
                    "{indent}| … (output truncated at the capture limit)"
                )?;
            }
        }
        Ok(())
    }

    /// `expected: …` or `actual:   …`, a multi-line value aligned under
    /// its first line.
    fn labelled(&mut self, label: &str, text: &str, style: Style) -> std::io::Result<()> {
        let indent = "      ";
        let mut lines = text.lines();
        writeln!(
            self.out,
            "{indent}{label}{}",
            self.paint(lines.next().unwrap_or_default(), style)
        )?;
        for line in lines {
            writeln!(
                self.out,
                "{indent}{}{}",
                " ".repeat(label.len()),
                self.paint(line, style)
            )?;
        }
        Ok(())
    }
}

impl<W: Write> Reporter for Human<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => Ok(()),
            Event::Graded { learner, challenge } => {
                if learner.map(|l| l.index) != self.learner {
                    self.learner_total()?;
                    self.learner = learner.map(|l| l.index);
                    if let Some(learner) = learner {
                        self.totals.push(LearnerTotal {
                            name: learner_name(learner.name),
                            points: 0,
                            max_points: 0,
                            complete: 0,
                            challenges: 0,
                        });
                        writeln!(
                            self.out,
                            "{}",
                            self.paint(
                                &format!("== {}", learner_name(learner.name)),
                                Style::new().bold()
                            )
                        )?;
                    }
                }
                if let (Some(_), Some(total)) = (learner, self.totals.last_mut()) {
                    total.points += challenge.points;
                    total.max_points += challenge.max_points;
                    total.challenges += 1;
                    if challenge.broken.is_none() && challenge.points == challenge.max_points {
                        total.complete += 1;
                    }
                }
                self.challenge(challenge)?;
                self.out.flush()
            }
            Event::Finished { summary } => {
                self.learner_total()?;
                if self.totals.len() > 1 {
                    // The class at a glance, in the order it was graded.
                    writeln!(self.out, "{}", self.paint("Learners:", Style::new().bold()))?;
                    let width = self
                        .totals
                        .iter()
                        .map(|t| t.name.chars().count())
                        .max()
                        .unwrap_or(0);
                    for total in &self.totals {
                        writeln!(
                            self.out,
                            "  {:<width$}  {:>5}/{:<5} {}/{} complete",
                            total.name,
                            total.points,
                            total.max_points,
                            total.complete,
                            total.challenges
                        )?;
                    }
                    writeln!(self.out)?;
                }
                let mut line = format!("{} passed, {} failed", summary.passed, summary.failed);
                if summary.skipped > 0 {
                    line.push_str(&format!(", {} skipped", summary.skipped));
                }
                let style = if summary.failed == 0 {
                    Style::new().green().bold()
                } else {
                    Style::new().red().bold()
                };
                writeln!(self.out, "Summary: {}", self.paint(&line, style))?;
                writeln!(
                    self.out,
                    "Points: {}/{} · {} ms",
                    summary.points, summary.max_points, summary.duration_ms
                )?;
                self.out.flush()
            }
        }
    }
}
