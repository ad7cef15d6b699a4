//! A case's verdict as plain text, for the platforms that show one box of
//! text per test (Gradescope, Exercism): no colours, every part labelled,
//! learner text already escaped and capped by `render`. Also what those
//! reports share: one submission's challenges gathered until the run ends,
//! and a test's name in a run of one challenge or of several.

use std::fmt::Write as _;

use super::render::Rendered;
use super::{ChallengeReport, Event};

/// The challenges of the one submission a platform's results.json
/// describes, gathered until the run's summary is known.
#[derive(Default)]
pub struct Gathered {
    pub challenges: Vec<ChallengeReport>,
}

impl Gathered {
    /// Keeps a graded challenge; returns the summary once the run ends.
    pub fn event<'a>(&mut self, event: Event<'a>) -> Option<&'a super::Summary> {
        match event {
            Event::Started { .. } => None,
            Event::Graded { challenge, .. } => {
                self.challenges.push(challenge.clone());
                None
            }
            Event::Finished { summary } => Some(summary),
        }
    }

    /// A case's test name: the case's own in a run of one challenge, led
    /// by its challenge's path in a run of several (names repeat across
    /// challenges).
    pub fn test_name(&self, challenge: &ChallengeReport, case: &str) -> String {
        if self.challenges.len() > 1 {
            format!("{} › {case}", challenge.path)
        } else {
            case.to_owned()
        }
    }
}

/// The verdict's words: its message, then [`details`].
pub fn verdict_text(rendered: &Rendered, stdout_in_diff: bool) -> String {
    let mut text = rendered.message.clone();
    let details = details(rendered, stdout_in_diff);
    if !details.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&details);
    }
    text
}

/// What was expected and what came back, their diff, and the detail (a
/// traceback, a caret under a syntax error), each labelled.
pub fn details(rendered: &Rendered, stdout_in_diff: bool) -> String {
    let mut text = String::new();
    let (expected, actual) = if stdout_in_diff {
        ("expected output", "printed")
    } else {
        ("expected", "actual")
    };
    for (label, value) in [(expected, &rendered.expected), (actual, &rendered.actual)] {
        if let Some(value) = value {
            labelled(&mut text, label, value);
        }
    }
    if let Some(diff) = rendered.diff.as_deref().filter(|d| !d.trim().is_empty()) {
        labelled(&mut text, "diff (- expected, + actual)", diff);
    }
    if let Some(detail) = rendered.detail.as_deref().filter(|d| !d.trim().is_empty()) {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(detail.trim_end());
    }
    text
}

/// What a case printed, and a note when more was dropped.
pub fn printed(stdout: &str, truncated: bool) -> String {
    let mut text = stdout.trim_end_matches('\n').to_owned();
    if truncated {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str("… (output truncated at the capture limit)");
    }
    text
}

/// `label: value` on one line, or the value indented below its label when
/// it spans several.
pub fn labelled(text: &mut String, label: &str, value: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    let value = value.trim_end_matches('\n');
    if value.contains('\n') || value.is_empty() {
        let _ = write!(text, "{label}:");
        for line in value.lines() {
            let _ = write!(text, "\n    {line}");
        }
    } else {
        let _ = write!(text, "{label}: {value}");
    }
}

/// Why a challenge's cases never ran, when its learner module stopped all
/// of them (a file missing, not compiling, failing to load): the first
/// shown case's words (a hidden-only challenge: its redacted message).
pub fn not_run_text(challenge: &ChallengeReport) -> Option<String> {
    let first = challenge.cases.first()?;
    if !challenge.cases.iter().all(|case| case.not_run.is_some()) {
        return None;
    }
    let shown = challenge
        .cases
        .iter()
        .find_map(|case| case.shown().map(|shown| (case, shown)));
    let text = match shown {
        Some((_, shown)) => verdict_text(&shown.rendered, false),
        None => first.rendered().message.clone(),
    };
    Some(format!("{}: {text}", challenge.file))
}

/// `text` cut to at most `max` characters, `note` included, when longer.
pub fn cap_chars(text: &str, max: usize, note: &str) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(note.chars().count());
    let mut out: String = text.chars().take(keep).collect();
    out.push_str(note);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_spanning_lines_are_indented_below_their_label() {
        let rendered = Rendered {
            message: "value differs".into(),
            expected: Some("[1,\n 2]".into()),
            actual: Some("[1]".into()),
            diff: Some("-[1,\n- 2]\n+[1]\n".into()),
            detail: None,
        };
        assert_eq!(
            verdict_text(&rendered, false),
            "value differs\nexpected:\n    [1,\n     2]\nactual: [1]\n\
             diff (- expected, + actual):\n    -[1,\n    - 2]\n    +[1]"
        );
    }

    #[test]
    fn capped_text_keeps_its_note_within_the_limit() {
        let capped = cap_chars(&"é".repeat(600), 500, " [cut]");
        assert_eq!(capped.chars().count(), 500);
        assert!(capped.ends_with(" [cut]"));
        assert_eq!(cap_chars("short", 500, " [cut]"), "short");
    }
}
