//! A verdict in words: the one-line message, what was expected and what
//! came back, their diff, and the detail (a traceback, a caret under a
//! syntax error, a crash's stderr). Every reporter renders reasons through
//! here, so every format shows the same words, escaped and capped.

use std::fmt::Write as _;

use super::text::{learner, learner_line, DETAIL_CAP, DIFF_LINE_CAP, MESSAGE_CAP, VALUE_CAP};
use crate::execution::{CompileError, Exception, Stop, TraceEntry, Traceback, Violation};
use crate::value::{Compare, Value};
use crate::verdict::{ExpectedRaise, Reason, Verdict};

/// Width of pretty-printed values before they wrap, in every format but a
/// human report on a terminal (which follows the terminal's width): the
/// same run gives the same bytes wherever it is written.
pub const PRETTY_WIDTH: usize = 72;
/// Diffs longer than this many lines are cut.
const DIFF_LINES: usize = 200;

/// The words of one shown case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub message: String,
    pub detail: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub diff: Option<String>,
}

/// `stub`: the case stopped at the starter stub's `raise
/// NotImplementedError`, whose traceback would tell the learner nothing.
/// How a case that never ran because the module failed to load begins its
/// message.
pub const NOT_LOADED: &str = "the module failed to load";

pub fn render(verdict: &Verdict, stub: bool, width: usize) -> Rendered {
    let mut out = Rendered::default();
    match &verdict.reason {
        Reason::Passed => {}
        Reason::RaisedAsExpected { expected, raised } => {
            out.expected = Some(expected_raise(expected));
            out.actual = Some(exception_line(raised));
        }
        Reason::ValueDiffers {
            expected,
            actual,
            compare,
        } => {
            let expected_text = learner(&expected.pretty(width), VALUE_CAP);
            let actual_text = learner(&actual.pretty(width), VALUE_CAP);
            let notes = explain(expected, actual, *compare);
            if !notes.is_empty() {
                out.detail = Some(learner(&notes.join("\n"), DETAIL_CAP));
            }
            out.message = if let Some(lazy) = lazy_where_a_sequence_was_expected(expected, actual) {
                lazy
            } else if expected_text == actual_text && expected.type_name() != actual.type_name() {
                format!(
                    "value differs: expected a {}, got a {}",
                    learner_line(expected.type_name(), MESSAGE_CAP),
                    learner_line(actual.type_name(), MESSAGE_CAP)
                )
            } else {
                format!("value differs{}", comparison(compare))
            };
            out.diff = Some(diff(&expected_text, &actual_text));
            out.expected = Some(expected_text);
            out.actual = Some(actual_text);
        }
        Reason::NothingRaised { expected, actual } => {
            out.message = format!(
                "expected {} to be raised, but nothing was raised",
                expected.exception
            );
            out.expected = Some(expected_raise(expected));
            out.actual = Some(learner(&actual.pretty(width), VALUE_CAP));
        }
        Reason::WrongException { expected, raised } => {
            out.message = format!(
                "expected {}, but {} was raised",
                expected.exception,
                learner_line(&raised.class.display, MESSAGE_CAP)
            );
            out.expected = Some(expected_raise(expected));
            out.actual = Some(exception_line(raised));
            if !stub {
                out.detail = Some(traceback(&raised.traceback));
            }
        }
        Reason::MessageMismatch { expected, raised } => {
            out.message = format!(
                "{} was raised, but its message does not match /{}/",
                learner_line(&raised.class.display, MESSAGE_CAP),
                expected.pattern.as_ref().map_or("", |p| p.as_str())
            );
            out.expected = Some(expected_raise(expected));
            out.actual = Some(exception_line(raised));
        }
        Reason::OutputDiffers { expected, actual } => {
            let expected = learner(expected, VALUE_CAP);
            let actual = learner(actual, VALUE_CAP);
            out.message = "output differs".into();
            out.diff = Some(diff(&expected, &actual));
            out.expected = Some(expected);
            out.actual = Some(actual);
        }
        Reason::PeakOver { kb, limit } => {
            out.message = format!("memory peak {kb} KiB is over the limit of {limit} KiB");
        }
        Reason::TooSlow {
            mine,
            reference,
            limit,
        } => {
            let floor = reference.as_secs_f64().max(0.001);
            out.message = format!(
                "too slow: {:.1} ms of CPU, {:.1}× the reference's {:.1} ms (limit {limit}×)",
                mine.as_secs_f64() * 1000.0,
                mine.as_secs_f64() / floor,
                reference.as_secs_f64() * 1000.0
            );
        }
        Reason::NotTimed => {
            out.message = "correct, but not timed: the reference solution its time budget comes from is not in this repo".into();
        }
        Reason::NotMeasured => {
            out.message =
                "this case must be measured, and this machine could not measure it".into();
        }
        Reason::Raised { error, .. } | Reason::TestFailed { error } => {
            out.message = exception_line(error);
            out.detail = Some(traceback(&error.traceback));
        }
        Reason::Skipped { reason } => {
            out.message = learner_line(&format!("skipped: {reason}"), MESSAGE_CAP);
        }
        Reason::ExpectedFailure { reason } => {
            out.message = learner_line(&format!("failed as expected: {reason}"), MESSAGE_CAP);
        }
        Reason::UnknownTestOutcome => {
            out.message =
                "the test runner gave no outcome a test can have (did the submission replace it?)"
                    .into();
        }
        Reason::NotImplemented => {
            out.message = "not implemented yet (NotImplementedError)".into();
        }
        Reason::NotLoaded { error, .. } => {
            out.message = format!("{NOT_LOADED}: {}", exception_line(error));
            out.detail = Some(traceback(&error.traceback));
        }
        Reason::MemoryError { error } => {
            out.message = "ran out of memory (MemoryError)".into();
            out.detail = Some(traceback(&error.traceback));
        }
        Reason::Stopped {
            stop,
            stderr_tail,
            not_run,
        } => {
            out.message = format!("{}{}", stop_message(stop), not_run_suffix(*not_run));
            let tail = stderr_tail.trim();
            if !tail.is_empty() && verdict.status == crate::verdict::Status::Crash {
                out.detail = Some(learner(tail, DETAIL_CAP));
            }
        }
        Reason::Invalid(invalid) => {
            out.message = learner_line(
                &format!("{}: {}", invalid.kind, compile_message(invalid)),
                MESSAGE_CAP,
            );
            out.detail = Some(learner(&compile_detail(invalid), DETAIL_CAP));
        }
        Reason::Unreadable(problem) => {
            out.message = learner_line(&problem.to_string(), MESSAGE_CAP);
        }
        Reason::NoExpectation(problem) => {
            out.message = format!("no expected outcome: {problem}");
        }
    }
    out
}

/// The line of the learner's file the verdict points to: the innermost
/// frame of a traceback in that file, or a compile error's line.
pub fn failure_line(verdict: &Verdict, file: &str) -> Option<u64> {
    let traceback = match &verdict.reason {
        Reason::Raised { error, .. }
        | Reason::TestFailed { error }
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

/// A generator or another lazy iterator returned where a list or tuple was
/// expected: the classic slip, named.
fn lazy_where_a_sequence_was_expected(expected: &Value, actual: &Value) -> Option<String> {
    const LAZY: [&str; 6] = ["map", "filter", "zip", "enumerate", "reversed", "range"];
    let (Value::List(_) | Value::Tuple(_), Value::Other { type_name, .. }) = (expected, actual)
    else {
        return None;
    };
    let short = type_name.rsplit('.').next().unwrap_or(type_name);
    let lazy = short == "generator"
        || short.ends_with("iterator")
        || LAZY.contains(&short)
        || type_name.starts_with("itertools.");
    lazy.then(|| {
        format!(
            "value differs: expected a {}, got a {} (lazy: nothing is computed until it is iterated; build the {} itself, e.g. {}(...))",
            expected.type_name(),
            learner_line(short, MESSAGE_CAP),
            expected.type_name(),
            expected.type_name()
        )
    })
}

/// Where two values differ, in words: missing and extra dict keys and set
/// members by name, values that differ under a key, the first differing
/// index of a sequence and the lengths.
fn explain(expected: &Value, actual: &Value, compare: Compare) -> Vec<String> {
    const SHOWN: usize = 5;
    let short = |value: &Value| learner_line(&value.repr(), 80);
    let list = |values: Vec<&Value>| {
        let mut text: Vec<String> = values.iter().take(SHOWN).map(|v| short(v)).collect();
        if values.len() > SHOWN {
            text.push(format!("… {} more", values.len() - SHOWN));
        }
        text.join(", ")
    };
    let mut notes = Vec::new();
    match (expected, actual) {
        (Value::Dict(want), Value::Dict(got)) => {
            let find = |items: &'_ [(Value, Value)], key: &Value| {
                items
                    .iter()
                    .find(|(k, _)| k.equals(key, compare))
                    .map(|(_, v)| v.clone())
            };
            let missing: Vec<&Value> = want
                .iter()
                .filter(|(k, _)| find(got, k).is_none())
                .map(|(k, _)| k)
                .collect();
            let extra: Vec<&Value> = got
                .iter()
                .filter(|(k, _)| find(want, k).is_none())
                .map(|(k, _)| k)
                .collect();
            if !missing.is_empty() {
                notes.push(format!("missing keys: {}", list(missing)));
            }
            if !extra.is_empty() {
                notes.push(format!("unexpected keys: {}", list(extra)));
            }
            let differing: Vec<String> = want
                .iter()
                .filter_map(|(k, v)| {
                    let theirs = find(got, k)?;
                    (!v.equals(&theirs, compare)).then(|| {
                        format!(
                            "under {}: expected {}, got {}",
                            short(k),
                            short(v),
                            short(&theirs)
                        )
                    })
                })
                .collect();
            let more = differing.len().saturating_sub(SHOWN);
            notes.extend(differing.into_iter().take(SHOWN));
            if more > 0 {
                notes.push(format!("… {more} more keys differ"));
            }
        }
        (Value::Set(want), Value::Set(got)) | (Value::FrozenSet(want), Value::FrozenSet(got)) => {
            let missing: Vec<&Value> = want
                .iter()
                .filter(|w| !got.iter().any(|g| g.equals(w, compare)))
                .collect();
            let extra: Vec<&Value> = got
                .iter()
                .filter(|g| !want.iter().any(|w| w.equals(g, compare)))
                .collect();
            if !missing.is_empty() {
                notes.push(format!("missing: {}", list(missing)));
            }
            if !extra.is_empty() {
                notes.push(format!("unexpected: {}", list(extra)));
            }
        }
        (Value::List(want), Value::List(got)) | (Value::Tuple(want), Value::Tuple(got))
            if !compare.unordered =>
        {
            if want.len() != got.len() {
                notes.push(format!("expected {} items, got {}", want.len(), got.len()));
            }
            if let Some(index) = want
                .iter()
                .zip(got)
                .position(|(w, g)| !w.equals(g, compare))
            {
                notes.push(format!(
                    "first difference at index {index}: expected {}, got {}",
                    short(&want[index]),
                    short(&got[index])
                ));
            }
        }
        _ => {}
    }
    notes
}

fn comparison(compare: &Compare) -> String {
    match (compare.unordered, compare.rel_tol) {
        (false, None) => String::new(),
        (true, None) => " (order ignored)".into(),
        (false, Some(tol)) => format!(" (floats within a relative tolerance of {tol:e})"),
        (true, Some(tol)) => {
            format!(" (order ignored, floats within a relative tolerance of {tol:e})")
        }
    }
}

fn not_run_suffix(not_run: bool) -> &'static str {
    if not_run {
        " (not run: the learner module never finished loading in an earlier case)"
    } else {
        ""
    }
}

fn stop_message(stop: &Stop) -> String {
    match stop {
        Stop::Timeout { limit_ms } => format!("took longer than {limit_ms} ms"),
        Stop::CpuLimit => "used up its CPU time limit".into(),
        Stop::OutOfMemory => "killed for using more memory than its limit".into(),
        Stop::Signaled(signal) => format!(
            "the worker was killed by {}{}",
            signal_name(*signal),
            signal_meaning(*signal)
        ),
        Stop::Exited { code } => {
            format!("the worker exited with code {code} in the middle of the case (os._exit?)")
        }
        Stop::HarnessBroken => {
            "the submission broke the grading harness (did it replace the harness's functions?)"
                .into()
        }
        Stop::Protocol(Violation::TooLarge) => format!(
            "its result is too large to compare (over {} MB, or over a million values in one worker)",
            crate::worker::protocol::MAX_RESULT >> 20
        ),
        Stop::Protocol(violation) => format!("the worker broke the result channel: {violation}"),
    }
}

/// `SIGSEGV`, `SIGRTMIN+5`, or the number.
pub fn signal_name(signal: i32) -> String {
    if let Ok(known) = nix::sys::signal::Signal::try_from(signal) {
        return known.as_str().to_owned();
    }
    let (low, high) = (libc::SIGRTMIN(), libc::SIGRTMAX());
    if (low..=high).contains(&signal) {
        format!("SIGRTMIN+{}", signal - low)
    } else {
        format!("signal {signal}")
    }
}

fn signal_meaning(signal: i32) -> &'static str {
    match signal {
        libc::SIGSEGV => " (segmentation fault)",
        libc::SIGABRT => " (aborted)",
        libc::SIGBUS => " (bus error)",
        libc::SIGFPE => " (arithmetic fault)",
        libc::SIGILL => " (illegal instruction)",
        libc::SIGKILL => " (killed from outside)",
        libc::SIGXFSZ => " (wrote a file over the size limit)",
        _ => "",
    }
}

fn expected_raise(expected: &ExpectedRaise) -> String {
    match &expected.pattern {
        Some(pattern) => format!("raises {} matching /{pattern}/", expected.exception),
        None => format!("raises {}", expected.exception),
    }
}

/// `Type: message`, or `Type` alone when the message is empty.
pub fn exception_line(error: &Exception) -> String {
    let line = if error.message.is_empty() {
        error.class.display.clone()
    } else {
        format!("{}: {}", error.class.display, error.message)
    };
    learner(&line, MESSAGE_CAP)
}

/// A traceback as CPython's `traceback` module prints it.
pub fn traceback(traceback: &Traceback) -> String {
    let mut text = String::from("Traceback (most recent call last):\n");
    for entry in &traceback.entries {
        match entry {
            TraceEntry::Frame(frame) => {
                let _ = match frame.line {
                    Some(line) => writeln!(
                        text,
                        "  File \"{}\", line {line}, in {}",
                        frame.file, frame.function
                    ),
                    None => writeln!(text, "  File \"{}\", in {}", frame.file, frame.function),
                };
                if let Some(source) = &frame.source {
                    let _ = writeln!(text, "    {source}");
                    if let Some(carets) = &frame.carets {
                        let _ = writeln!(text, "    {carets}");
                    }
                }
            }
            TraceEntry::Repeated(count) => {
                let plural = if *count > 1 { "s" } else { "" };
                let _ = writeln!(text, "  [Previous line repeated {count} more time{plural}]");
            }
            TraceEntry::Omitted(count) => {
                let _ = writeln!(text, "  … {count} frames left out …");
            }
        }
    }
    for line in &traceback.exception_lines {
        text.push_str(line);
    }
    learner(&text, DETAIL_CAP)
}

/// The compiler's message; CPython's MemoryError while compiling has none.
fn compile_message(invalid: &CompileError) -> String {
    if invalid.message.is_empty() && invalid.kind == "MemoryError" {
        "the file is too large or too deeply nested for Python to compile".into()
    } else {
        invalid.message.clone()
    }
}

/// How much of a long source line a compile error shows, around its caret.
const SOURCE_WINDOW: usize = 100;

fn compile_detail(invalid: &CompileError) -> String {
    let mut detail = String::new();
    let file = std::path::Path::new(&invalid.file)
        .file_name()
        .map_or(invalid.file.clone(), |f| f.to_string_lossy().into_owned());
    let _ = match invalid.line {
        Some(line) => writeln!(detail, "  File \"{file}\", line {line}"),
        None => writeln!(detail, "  File \"{file}\""),
    };
    if let Some(text) = &invalid.text {
        let trimmed = text.trim_end_matches(['\n', '\r']);
        let code: Vec<char> = trimmed.trim_start().chars().collect();
        let indent = trimmed.chars().count() - code.len();
        let caret = invalid.column.map(|column| {
            usize::try_from(column)
                .unwrap_or(usize::MAX)
                .saturating_sub(1)
                .saturating_sub(indent)
        });
        // A long line is shown around its caret, not from its start.
        let start = match caret {
            Some(caret) if code.len() > SOURCE_WINDOW => caret
                .saturating_sub(SOURCE_WINDOW / 2)
                .min(code.len() - SOURCE_WINDOW),
            _ => 0,
        };
        let end = (start + SOURCE_WINDOW).min(code.len());
        let before = if start > 0 { "…" } else { "" };
        let after = if end < code.len() { "…" } else { "" };
        let shown: String = code[start..end].iter().collect();
        let _ = writeln!(detail, "    {before}{shown}{after}");
        if let Some(caret) = caret {
            let at = caret.saturating_sub(start) + before.chars().count();
            let _ = writeln!(detail, "    {}^", " ".repeat(at.min(DIFF_LINE_CAP)));
        }
    }
    let _ = write!(detail, "{}: {}", invalid.kind, compile_message(invalid));
    detail
}

/// A line diff, expected first, cut at [`DIFF_LINES`] lines of at most
/// [`DIFF_LINE_CAP`] bytes.
pub fn diff(expected: &str, actual: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    // The changes with three lines of context, groups apart marked "…": a
    // long value is shortened around its differences, not cut before them.
    let mut changes = Vec::new();
    for (group, ops) in diff.grouped_ops(3).iter().enumerate() {
        if group > 0 {
            changes.push(None);
        }
        for op in ops {
            changes.extend(diff.iter_changes(op).map(Some));
        }
    }
    for change in changes.iter().take(DIFF_LINES) {
        let Some(change) = change else {
            let _ = writeln!(out, " …");
            continue;
        };
        let sign = match change.tag() {
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
            similar::ChangeTag::Equal => ' ',
        };
        let value = change.value();
        let line = value.strip_suffix('\n').unwrap_or(value);
        if line.len() > DIFF_LINE_CAP {
            let mut end = DIFF_LINE_CAP;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            let _ = writeln!(out, "{sign}{}…", &line[..end]);
        } else {
            let _ = writeln!(out, "{sign}{line}");
        }
    }
    if changes.len() > DIFF_LINES {
        let _ = writeln!(out, "… {} more lines", changes.len() - DIFF_LINES);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(
        kind: &str,
        message: &str,
        text: Option<String>,
        column: Option<u64>,
    ) -> CompileError {
        CompileError {
            kind: kind.into(),
            message: message.into(),
            file: "exercises/c/solution.py".into(),
            line: Some(3),
            column,
            text,
        }
    }

    #[test]
    fn a_memory_error_while_compiling_says_why() {
        let detail = compile_detail(&invalid("MemoryError", "", None, None));
        assert!(
            detail.ends_with(
                "MemoryError: the file is too large or too deeply nested for Python to compile"
            ),
            "{detail}"
        );
    }

    #[test]
    fn a_long_line_is_shown_around_its_caret() {
        let text = format!("x = {}!{}", "a".repeat(5000), "b".repeat(5000));
        let detail = compile_detail(&invalid(
            "SyntaxError",
            "invalid syntax",
            Some(text),
            Some(5005),
        ));
        let lines: Vec<&str> = detail.lines().collect();
        assert!(
            lines[1].chars().count() < SOURCE_WINDOW + 10,
            "{}",
            lines[1]
        );
        let code_at = lines[1].chars().position(|c| c == '!').unwrap();
        let caret_at = lines[2].chars().position(|c| c == '^').unwrap();
        assert_eq!(code_at, caret_at, "{detail}");
    }
}
