//! `--format github`: GitHub Actions workflow commands. Each case that did
//! not pass becomes an `::error` annotation on the learner's file, at the
//! line its traceback or SyntaxError points to when there is one.

use std::io::Write;

use super::{CaseReport, Event, Reporter, Status};

pub struct Github<W: Write> {
    out: W,
}

impl<W: Write> Github<W> {
    pub fn new(out: W) -> Self {
        Github { out }
    }
}

impl<W: Write> Reporter for Github<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => {}
            Event::Graded { learner, challenge } => {
                for case in challenge.cases.iter().filter(|c| c.status != Status::Pass) {
                    let mut properties = format!("file={}", escape_property(&challenge.file));
                    if let Some(line) = learner_line(case, &challenge.file) {
                        properties.push_str(&format!(",line={line}"));
                    }
                    let who = learner.map(|l| format!("{l}: ")).unwrap_or_default();
                    let title = format!("{who}{} › {}", challenge.path, case.name);
                    properties.push_str(&format!(",title={}", escape_property(&title)));
                    let mut message = format!("{}: {}", case.status.as_str(), case.message);
                    if let (Some(expected), Some(actual)) = (&case.expected, &case.actual) {
                        message.push_str(&format!("\nexpected: {expected}\nactual:   {actual}"));
                    }
                    writeln!(self.out, "::error {properties}::{}", escape_data(&message))?;
                }
            }
            Event::Finished { summary } => {
                writeln!(
                    self.out,
                    "::notice title=grade::{}",
                    escape_data(&format!(
                        "{} passed, {} failed · {}/{} points",
                        summary.passed, summary.failed, summary.points, summary.max_points
                    ))
                )?;
                writeln!(
                    self.out,
                    "{} passed, {} failed",
                    summary.passed, summary.failed
                )?;
                self.out.flush()?;
            }
        }
        Ok(())
    }
}

/// The line of the learner's file a traceback or SyntaxError points to (the
/// innermost one).
fn learner_line(case: &CaseReport, file: &str) -> Option<u64> {
    let detail = case.detail.as_deref()?;
    let needle = format!("File \"{file}\", line ");
    let short = std::path::Path::new(file)
        .file_name()
        .map(|name| format!("File \"{}\", line ", name.to_string_lossy()));
    detail
        .lines()
        .rev()
        .filter_map(|line| {
            let line = line.trim_start();
            line.strip_prefix(&needle)
                .or_else(|| short.as_deref().and_then(|s| line.strip_prefix(s)))
        })
        .find_map(|rest| {
            rest.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
