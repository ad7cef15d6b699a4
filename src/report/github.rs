//! `--format github`: GitHub Actions workflow commands. Each case that did
//! not pass becomes an `::error` annotation on the learner's file, at the
//! line its traceback or SyntaxError points to when there is one. When
//! `GITHUB_STEP_SUMMARY` names a file (as in every Actions job), a
//! Markdown table of the run is added to it: the job's summary page.

use std::io::Write;

use super::{Event, Reporter};

pub struct Github<W: Write> {
    out: W,
    /// The job summary file, and its table's rows so far.
    step_summary: Option<(std::path::PathBuf, Vec<String>)>,
    /// Grading a class: rows name their learner.
    class: bool,
}

impl<W: Write> Github<W> {
    pub fn new(out: W) -> Self {
        let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|path| !path.is_empty())
            .map(|path| (path.into(), Vec::new()));
        Github {
            out,
            step_summary,
            class: false,
        }
    }

    fn summary_row(&mut self, learner: Option<&str>, challenge: &super::ChallengeReport) {
        let Some((_, rows)) = &mut self.step_summary else {
            return;
        };
        let passed = challenge
            .cases
            .iter()
            .filter(|case| !case.status().is_failure())
            .count();
        let mark = if challenge.broken.is_none() && passed == challenge.cases.len() {
            "✅"
        } else {
            "❌"
        };
        let learner = learner
            .map(|name| format!("{} | ", markdown_cell(&super::text::learner_name(name))))
            .unwrap_or_default();
        rows.push(format!(
            "| {learner}{mark} {} | {passed}/{} | {}/{} |",
            markdown_cell(&challenge.path),
            challenge.cases.len(),
            challenge.points,
            challenge.max_points
        ));
    }

    /// Appends the run's table to the job summary file.
    fn write_step_summary(&mut self, summary: &super::Summary, class: bool) -> std::io::Result<()> {
        let Some((path, rows)) = &self.step_summary else {
            return Ok(());
        };
        let mut text = format!(
            "### grade: {} passed, {} failed · {}/{} points\n\n",
            summary.passed, summary.failed, summary.points, summary.max_points
        );
        text.push_str(if class {
            "| learner | challenge | cases passed | points |\n| --- | --- | --- | --- |\n"
        } else {
            "| challenge | cases passed | points |\n| --- | --- | --- |\n"
        });
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?
            .write_all(text.as_bytes())
    }
}

/// Text in a Markdown table cell: no line breaks, no cell separators, no
/// markup (a learner's name is theirs to choose).
fn markdown_cell(text: &str) -> String {
    let mut cell = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => cell.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' => {
                cell.push('\\');
                cell.push(c);
            }
            c => cell.push(c),
        }
    }
    cell
}

impl<W: Write> Reporter for Github<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { learners, .. } => self.class = learners > 0,
            Event::Graded { learner, challenge } => {
                self.summary_row(learner.map(|l| l.name), challenge);
                if let Some(error) = &challenge.broken {
                    // `file:line:column: why`: annotated at its place.
                    let mut parts = error.splitn(4, ':');
                    let (file, line) = (parts.next().unwrap_or_default(), parts.next());
                    let mut properties = format!("file={}", escape_property(file));
                    if let Some(line) = line.filter(|l| l.parse::<u32>().is_ok()) {
                        properties.push_str(&format!(",line={line}"));
                    }
                    let title = format!("{} › exercise.toml does not load", challenge.path);
                    properties.push_str(&format!(",title={}", escape_property(&title)));
                    writeln!(self.out, "::error {properties}::{}", escape_data(error))?;
                }
                for case in challenge.cases.iter().filter(|c| c.status().is_failure()) {
                    let rendered = case.rendered();
                    let mut properties = format!("file={}", escape_property(&challenge.file));
                    if let Some(line) = case.shown().and_then(|shown| shown.line) {
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
                self.write_step_summary(summary, self.class)?;
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
    use super::{escape_data, escape_property, markdown_cell};

    #[test]
    fn a_markdown_cell_holds_any_name_as_text() {
        assert_eq!(markdown_cell("a|b\nc"), "a\\|b c");
        assert_eq!(
            markdown_cell("[x](http://e) **b** <i>"),
            "\\[x\\](http://e) \\*\\*b\\*\\* \\<i\\>"
        );
    }

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
