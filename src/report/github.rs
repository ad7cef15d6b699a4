//! `--format github`: GitHub Actions workflow commands. Each case that did
//! not pass becomes an `::error` annotation on the learner's file, at the
//! line its traceback or SyntaxError points to when there is one.

use std::io::Write;

use super::{Event, Reporter, Status};
use crate::execution::TraceEntry;
use crate::verdict::{Reason, Verdict};

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
                for case in challenge
                    .cases
                    .iter()
                    .filter(|c| c.status() != Status::Pass)
                {
                    let rendered = case.rendered();
                    let mut properties = format!("file={}", escape_property(&challenge.file));
                    if let Some(line) = case
                        .shown()
                        .and_then(|s| learner_line(&s.verdict, &challenge.file))
                    {
                        properties.push_str(&format!(",line={line}"));
                    }
                    let who = learner
                        .map(|l| format!("{}: ", super::text::learner_name(l.name)))
                        .unwrap_or_default();
                    let title = format!("{who}{} › {}", challenge.path, case.name);
                    properties.push_str(&format!(",title={}", escape_property(&title)));
                    let mut message = format!("{}: {}", case.status().as_str(), rendered.message);
                    if let (Some(expected), Some(actual)) = (&rendered.expected, &rendered.actual) {
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

/// The line of the learner's file the verdict points to: the innermost
/// frame of a traceback in that file, or a compile error's line.
fn learner_line(verdict: &Verdict, file: &str) -> Option<u64> {
    let traceback = match &verdict.reason {
        Reason::Raised { error, .. }
        | Reason::NotLoaded { error, .. }
        | Reason::MemoryError { error }
        | Reason::WrongException { raised: error, .. } => &error.traceback,
        Reason::Invalid(invalid) => return invalid.line,
        _ => return None,
    };
    traceback
        .entries
        .iter()
        .rev()
        .find_map(|entry| match entry {
            TraceEntry::Frame(frame) if frame.file == file => frame.line.map(u64::from),
            _ => None,
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

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property};

    #[test]
    fn workflow_commands_cannot_be_split_or_injected() {
        // A message that tries to end its annotation and start another.
        let text = "100% done\r\n::error file=x::forged";
        assert_eq!(escape_data(text), "100%25 done%0D%0A::error file=x::forged");
        assert!(!escape_data(text).contains('\n'));
        assert_eq!(
            escape_property("week1/x › a, b: c"),
            "week1/x › a%2C b%3A c"
        );
    }
}
