//! The default report: one block per challenge as soon as it is graded,
//! a line per case, and for failures what was expected, what came back and
//! their diff. Colours only on a terminal, and never with `NO_COLOR`.

use std::io::Write;

use owo_colors::{OwoColorize, Style};

use super::{CaseReport, ChallengeReport, Event, Reporter, Status};

/// Captured output and diffs longer than this many lines are cut here (the
/// JSON report keeps more).
const OUTPUT_LINES: usize = 20;

pub struct Human<W: Write> {
    out: W,
    color: bool,
    learner: Option<String>,
    /// Challenges to grade and graded, for the progress line of long runs.
    progress: Option<(usize, usize)>,
}

/// Runs of at least this many challenges show a progress line on stderr.
const PROGRESS_FROM: usize = 20;

impl<W: Write> Human<W> {
    pub fn new(out: W, color: bool) -> Self {
        Human {
            out,
            color,
            learner: None,
            progress: None,
        }
    }

    fn paint(&self, text: &str, style: Style) -> String {
        if self.color {
            text.style(style).to_string()
        } else {
            text.to_owned()
        }
    }

    fn challenge(&mut self, challenge: &ChallengeReport) -> std::io::Result<()> {
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
        for case in &challenge.cases {
            self.case(case)?;
        }
        writeln!(self.out)
    }

    fn case(&mut self, case: &CaseReport) -> std::io::Result<()> {
        let hidden = if case.hidden {
            self.paint(" [hidden]", Style::new().dimmed())
        } else {
            String::new()
        };
        if case.status == Status::Pass {
            let time = self.paint(
                &format!("{:.1} ms", case.duration_ms),
                Style::new().dimmed(),
            );
            return writeln!(
                self.out,
                "  {} {}{hidden}  {time}",
                self.paint("✓", Style::new().green()),
                case.name
            );
        }
        let status = self.paint(case.status.as_str(), Style::new().red().bold());
        writeln!(
            self.out,
            "  {} {}{hidden}  {status}: {}",
            self.paint("✗", Style::new().red()),
            case.name,
            case.message
        )?;
        let indent = "      ";
        if !case.code.is_empty() {
            for line in case.code.lines() {
                writeln!(
                    self.out,
                    "{indent}{}",
                    self.paint(&format!(">>> {line}"), Style::new().cyan())
                )?;
            }
        }
        let multi_line = case.expected.as_deref().is_some_and(|e| e.contains('\n'))
            || case.actual.as_deref().is_some_and(|a| a.contains('\n'));
        match (&case.expected, &case.actual, &case.diff) {
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
                    writeln!(
                        self.out,
                        "{indent}expected: {}",
                        self.paint(expected, Style::new().green())
                    )?;
                }
                if let Some(actual) = actual {
                    writeln!(
                        self.out,
                        "{indent}actual:   {}",
                        self.paint(actual, Style::new().red())
                    )?;
                }
            }
        }
        if let Some(detail) = &case.detail {
            for line in detail.lines() {
                writeln!(
                    self.out,
                    "{indent}{}",
                    self.paint(line, Style::new().dimmed())
                )?;
            }
        }
        let output_in_diff = case.message == "output differs";
        if (!case.stdout.is_empty() || case.stdout_truncated) && !output_in_diff {
            writeln!(
                self.out,
                "{indent}{}",
                self.paint("output:", Style::new().dimmed())
            )?;
            let lines: Vec<&str> = case.stdout.lines().collect();
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
            if case.stdout_truncated {
                writeln!(
                    self.out,
                    "{indent}| … (output truncated at the capture limit)"
                )?;
            }
        }
        Ok(())
    }
}

impl<W: Write> Reporter for Human<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { challenges, .. } => {
                if self.color && challenges >= PROGRESS_FROM {
                    self.progress = Some((challenges, 0));
                }
                Ok(())
            }
            Event::Graded { learner, challenge } => {
                if learner.map(str::to_owned) != self.learner {
                    self.learner = learner.map(str::to_owned);
                    if let Some(name) = learner {
                        writeln!(
                            self.out,
                            "{}",
                            self.paint(&format!("== {name}"), Style::new().bold())
                        )?;
                    }
                }
                if self.progress.is_some() {
                    eprint!("\r{}\r", " ".repeat(60));
                }
                self.challenge(challenge)?;
                self.out.flush()?;
                if let Some((total, done)) = &mut self.progress {
                    *done += 1;
                    let width = 30;
                    let filled = width * *done / *total;
                    eprint!(
                        "\r[{}{}] {done}/{total} challenges",
                        "=".repeat(filled),
                        " ".repeat(width - filled)
                    );
                }
                Ok(())
            }
            Event::Finished { summary } => {
                if self.progress.is_some() {
                    eprint!("\r{}\r", " ".repeat(60));
                }
                let line = format!("{} passed, {} failed", summary.passed, summary.failed);
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
