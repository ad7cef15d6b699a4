//! Judging: what a case's run produced ([`Execution`]) against what its spec
//! expects ([`Case`]), giving a [`CaseReport`]. This runs in the grader,
//! never in a process that runs learner code: expected values stay here.

use std::fmt::Write as _;

use crate::report::{CaseReport, Status};
use crate::spec::{normalize_output, Case, Check};
use crate::value::Value;
use crate::worker::protocol::{InvalidSource, RaisedError, StopCause};

/// Width of pretty-printed values before they wrap: diffs stay readable.
const PRETTY_WIDTH: usize = 72;

/// What running one case produced.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Execution {
    pub outcome: Outcome,
    pub output: String,
    pub output_truncated: bool,
    pub seconds: f64,
    pub peak_bytes: Option<u64>,
    /// The fastest of the timed runs of setup and expr (`max_ratio` cases).
    pub best_seconds: Option<f64>,
}

/// Reference times below this are treated as this, so that a ratio over a
/// case that takes microseconds is not decided by noise.
const RATIO_FLOOR_SECONDS: f64 = 0.001;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Returned(Value),
    Raised(RaisedError),
    Invalid(InvalidSource),
    /// The worker stopped in this case (`not_run`: in an earlier case whose
    /// module never finished loading, so this one was not tried).
    Stopped {
        cause: StopCause,
        stderr_tail: String,
        not_run: bool,
    },
    /// The learner file is missing.
    Missing {
        path: String,
    },
}

/// `reference` is the reference solution's execution of the same case, for
/// cases that take their expectation or time budget from it.
pub fn judge(case: &Case, execution: Execution, reference: Option<&Execution>) -> CaseReport {
    let mut report = CaseReport {
        name: case.name.clone(),
        status: Status::Pass,
        hidden: case.hidden,
        points: 0,
        max_points: case.points,
        duration_ms: execution.seconds * 1000.0,
        message: String::new(),
        detail: None,
        expected: None,
        actual: None,
        diff: None,
        stdout: execution.output.clone(),
        stdout_truncated: execution.output_truncated,
        code: case_code(case),
        reference_ms: None,
        stub: false,
    };
    let derived;
    let check = if matches!(case.check, Check::FromReference) {
        match reference_check(reference) {
            Ok(check) => {
                derived = check;
                &derived
            }
            Err(problem) => {
                report.status = Status::Error;
                report.message = problem;
                return report;
            }
        }
    } else {
        &case.check
    };
    let best_seconds = execution.best_seconds;
    let expected_output = match (&case.stdout, &case.check, reference) {
        (Some(stdout), _, _) => Some(stdout.clone()),
        (None, Check::FromReference, Some(reference)) => Some(normalize_output(&reference.output)),
        _ => None,
    };
    match execution.outcome {
        Outcome::Returned(value) => judge_value(check, case, value, &mut report),
        Outcome::Raised(error) => judge_raised(check, error, &mut report),
        Outcome::Invalid(invalid) => {
            report.status = Status::Invalid;
            report.message = format!("{}: {}", invalid.kind, invalid.message);
            report.detail = Some(invalid_detail(&invalid));
        }
        Outcome::Stopped {
            cause,
            stderr_tail,
            not_run,
        } => judge_stop(case, cause, &stderr_tail, not_run, &mut report),
        Outcome::Missing { path } => {
            report.status = Status::Invalid;
            report.message = format!("the learner file is missing: {path}");
        }
    }
    if report.status == Status::Pass {
        if let Some(expected) = &expected_output {
            let actual = normalize_output(&execution.output);
            if &actual != expected {
                report.status = Status::Fail;
                report.message = "output differs".into();
                report.expected = Some(expected.clone());
                report.actual = Some(actual.clone());
                report.diff = Some(diff(expected, &actual));
            }
        }
    }
    if report.status == Status::Pass {
        if let (Some(limit), Some(peak)) = (case.max_peak_kb, execution.peak_bytes) {
            let peak_kb = peak.div_ceil(1024);
            if peak_kb > limit {
                report.status = Status::Fail;
                report.message =
                    format!("memory peak {peak_kb} KiB is over the limit of {limit} KiB");
            }
        }
    }
    if let (Some(limit), Some(reference)) = (case.max_ratio, reference) {
        judge_ratio(limit, best_seconds, reference, &mut report);
    }
    if report.status == Status::Pass {
        report.points = case.points;
    }
    report
}

/// What a case without its own expectation checks: the reference's outcome.
fn reference_check(reference: Option<&Execution>) -> Result<Check, String> {
    let Some(reference) = reference else {
        return Err("no expected outcome: the reference solution was not run".into());
    };
    match &reference.outcome {
        Outcome::Returned(value) => Ok(Check::Value(value.clone())),
        Outcome::Raised(error) => Ok(Check::Raises {
            exception: error.type_name.clone(),
            pattern: None,
        }),
        Outcome::Invalid(_) | Outcome::Missing { .. } => {
            Err("no expected outcome: the reference solution does not compile".into())
        }
        Outcome::Stopped { .. } => {
            Err("no expected outcome: the reference solution did not finish this case".into())
        }
    }
}

fn judge_ratio(
    limit: f64,
    best_seconds: Option<f64>,
    reference: &Execution,
    report: &mut CaseReport,
) {
    let (Some(mine), Some(theirs)) = (best_seconds, reference.best_seconds) else {
        return;
    };
    report.reference_ms = Some(theirs * 1000.0);
    if report.status != Status::Pass {
        return;
    }
    let ratio = mine / theirs.max(RATIO_FLOOR_SECONDS);
    if ratio > limit {
        report.status = Status::Fail;
        report.message = format!(
            "too slow: {:.1} ms, {ratio:.1}× the reference's {:.1} ms (limit {limit}×)",
            mine * 1000.0,
            theirs * 1000.0
        );
    }
}

fn judge_value(check: &Check, case: &Case, value: Value, report: &mut CaseReport) {
    match check {
        Check::Value(expected) => {
            if !expected.equals(&value, case.compare) {
                report.status = Status::Fail;
                report.message = "value differs".into();
                let expected_text = expected.pretty(PRETTY_WIDTH);
                let actual_text = value.pretty(PRETTY_WIDTH);
                if expected_text == actual_text && expected.type_name() != value.type_name() {
                    report.message = format!(
                        "value differs: expected a {}, got a {}",
                        expected.type_name(),
                        value.type_name()
                    );
                }
                report.diff = Some(diff(&expected_text, &actual_text));
                report.expected = Some(expected_text);
                report.actual = Some(actual_text);
            }
        }
        Check::Raises { exception, .. } => {
            report.status = Status::Fail;
            report.message = format!("expected {exception} to be raised, but nothing was raised");
            report.expected = Some(format!("raises {exception}"));
            report.actual = Some(value.pretty(PRETTY_WIDTH));
        }
        Check::Completes | Check::FromReference => {}
    }
}

fn judge_raised(check: &Check, error: RaisedError, report: &mut CaseReport) {
    let raised = exception_line(&error);
    // The starter stub: a traceback into `raise NotImplementedError` tells
    // a learner nothing they do not know.
    report.stub = error.type_name == "NotImplementedError" && error.message.is_empty();
    if error.mro.iter().any(|name| name == "MemoryError") {
        report.status = Status::Memory;
        report.message = "ran out of memory (MemoryError)".into();
        report.detail = Some(error.traceback);
        return;
    }
    if let Check::Raises { exception, pattern } = check {
        report.expected = Some(match pattern {
            Some(pattern) => format!("raises {exception} matching /{pattern}/"),
            None => format!("raises {exception}"),
        });
        report.actual = Some(raised.clone());
        if !is_instance(&error, exception) {
            report.status = Status::Fail;
            report.message = format!("expected {exception}, but {} was raised", error.type_name);
            if !report.stub {
                report.detail = Some(error.traceback);
            }
        } else if let Some(pattern) = pattern {
            if !pattern.is_match(&error.message) {
                report.status = Status::Fail;
                report.message = format!(
                    "{} was raised, but its message does not match /{pattern}/",
                    error.type_name
                );
            }
        }
        return;
    }
    report.status = Status::Error;
    if report.stub {
        report.message = "not implemented yet (NotImplementedError)".into();
        return;
    }
    report.message = raised;
    report.detail = Some(error.traceback);
}

/// `raises = "ValueError"` accepts ValueError and its subclasses. A class
/// may be named bare or by the module users import it from: `raises =
/// "json.JSONDecodeError"` matches `json.decoder.JSONDecodeError`.
fn is_instance(error: &RaisedError, exception: &str) -> bool {
    let (wanted_module, wanted_class) = split_qualified(exception);
    error.mro.iter().any(|name| {
        let (module, class) = split_qualified(name);
        class == wanted_class
            && (wanted_module.is_none()
                || module.is_some_and(|m| {
                    let top = |path: &str| path.split('.').next().unwrap_or_default().to_owned();
                    top(m) == top(wanted_module.unwrap_or_default())
                }))
    })
}

fn split_qualified(name: &str) -> (Option<&str>, &str) {
    match name.rsplit_once('.') {
        Some((module, class)) => (Some(module), class),
        None => (None, name),
    }
}

fn exception_line(error: &RaisedError) -> String {
    if error.message.is_empty() {
        error.type_name.clone()
    } else {
        format!("{}: {}", error.type_name, error.message)
    }
}

fn judge_stop(
    case: &Case,
    cause: StopCause,
    stderr_tail: &str,
    not_run: bool,
    report: &mut CaseReport,
) {
    let suffix = if not_run {
        " (not run: the learner module never finished loading in an earlier case)"
    } else {
        ""
    };
    match cause {
        StopCause::Timeout { limit_ms } => {
            report.status = Status::Timeout;
            report.message = format!("took longer than {limit_ms} ms{suffix}");
        }
        StopCause::Signaled { signal } if signal == "SIGXCPU" => {
            report.status = Status::Timeout;
            report.message = format!("used up its CPU time limit{suffix}");
        }
        StopCause::Signaled { signal } => {
            report.status = Status::Crash;
            report.message = format!(
                "the worker was killed by {signal}{}{suffix}",
                signal_meaning(&signal)
            );
        }
        StopCause::Exited {
            code: crate::worker::HARNESS_BROKEN,
        } => {
            report.status = Status::Crash;
            report.message = format!(
                "the submission broke the grading harness (did it replace the harness's functions?){suffix}"
            );
        }
        StopCause::Exited { code } => {
            report.status = Status::Crash;
            report.message = format!(
                "the worker exited with code {code} in the middle of the case (os._exit?){suffix}"
            );
        }
        StopCause::OutOfMemory => {
            report.status = Status::Memory;
            report.message = format!("killed for using more memory than its limit{suffix}");
        }
        StopCause::Protocol { detail } => {
            report.status = Status::Crash;
            report.message = format!("the worker broke the result channel: {detail}{suffix}");
        }
    }
    let tail = stderr_tail.trim();
    if !tail.is_empty() && report.status == Status::Crash {
        report.detail = Some(tail.to_owned());
    }
    let _ = case;
}

fn signal_meaning(signal: &str) -> &'static str {
    match signal {
        "SIGSEGV" => " (segmentation fault)",
        "SIGABRT" => " (aborted)",
        "SIGBUS" => " (bus error)",
        "SIGFPE" => " (arithmetic fault)",
        "SIGILL" => " (illegal instruction)",
        "SIGKILL" => " (killed from outside)",
        "SIGXFSZ" => " (wrote a file over the size limit)",
        _ => "",
    }
}

fn invalid_detail(invalid: &InvalidSource) -> String {
    let mut detail = String::new();
    let file = std::path::Path::new(&invalid.file)
        .file_name()
        .map_or(invalid.file.clone(), |f| f.to_string_lossy().into_owned());
    match invalid.line {
        Some(line) => {
            let _ = writeln!(detail, "  File \"{file}\", line {line}");
        }
        None => {
            let _ = writeln!(detail, "  File \"{file}\"");
        }
    }
    if let Some(text) = &invalid.text {
        let trimmed = text.trim_end_matches(['\n', '\r']);
        let indent = trimmed.len() - trimmed.trim_start().len();
        let _ = writeln!(detail, "    {}", trimmed.trim_start());
        if let Some(column) = invalid.column {
            let caret = (column as usize).saturating_sub(1).saturating_sub(indent);
            let _ = writeln!(detail, "    {}^", " ".repeat(caret));
        }
    }
    let _ = write!(detail, "{}: {}", invalid.kind, invalid.message);
    detail
}

fn case_code(case: &Case) -> String {
    let mut code = String::new();
    if let Some(setup) = &case.setup {
        code.push_str(setup.trim_end());
        code.push('\n');
    }
    if let Some(expr) = &case.expr {
        code.push_str(expr.trim());
    }
    code.trim_end().to_owned()
}

/// Diffs longer than this many lines are cut: a flood of output must not
/// flood the report.
const DIFF_LINES: usize = 200;

/// A line diff, expected first.
pub fn diff(expected: &str, actual: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let mut out = String::new();
    let changes: Vec<_> = diff.iter_all_changes().collect();
    if changes.len() > DIFF_LINES {
        for change in &changes[..DIFF_LINES] {
            push_change(&mut out, change);
        }
        let _ = writeln!(out, "… {} more lines", changes.len() - DIFF_LINES);
        return out;
    }
    for change in &changes {
        push_change(&mut out, change);
    }
    out
}

fn push_change(out: &mut String, change: &similar::Change<&str>) {
    {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => '-',
            similar::ChangeTag::Insert => '+',
            similar::ChangeTag::Equal => ' ',
        };
        let _ = write!(out, "{sign}{}", change.value());
        if change.missing_newline() {
            out.push('\n');
        }
    }
}
