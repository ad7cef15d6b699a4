//! Judging: what a case's run produced ([`Execution`]) against what its spec
//! expects ([`Case`]), giving a [`Verdict`]. This runs in the grader, never
//! in a process that runs learner code: expected values stay here.

use std::time::Duration;

use crate::exception_table::ExceptionTable;
use crate::execution::{Exception, Execution, Measurement, Outcome, TraceEntry};
use crate::spec::{normalize_output, Case, Check};
use crate::value::Value;
use crate::verdict::{ExpectedRaise, Reason, ReferenceProblem, Verdict};

/// Reference CPU times below this are treated as this, so that a ratio over
/// a case that takes microseconds is not decided by noise.
const RATIO_FLOOR: Duration = Duration::from_millis(1);

/// What a case checks once a `FromReference` case has its expectation.
enum Expectation {
    Value(Value),
    Raises(ExpectedRaise),
    Completes,
    Test,
}

/// What a case takes from the reference solution's run of it: its
/// expectation (for cases that name none), its output, its CPU time.
#[derive(Debug, Clone)]
pub struct ReferenceCase {
    pub outcome: Result<ReferenceOutcome, ReferenceProblem>,
    pub output: String,
    pub measurement: Option<Measurement>,
    /// The reference is not in this repo: `outcome` is frozen (or
    /// missing), and nothing was measured.
    pub absent: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum ReferenceOutcome {
    Value(Value),
    /// The class to expect, as a `raises` would name it.
    Raises(String),
}

impl ReferenceCase {
    /// The reference's run of a case; `table` is its zygote's.
    pub fn new(execution: &Execution, table: &ExceptionTable) -> ReferenceCase {
        let outcome = match &execution.outcome {
            Outcome::Returned(value) => Ok(ReferenceOutcome::Value(value.clone())),
            Outcome::Raised(error) => Ok(ReferenceOutcome::Raises(
                table.expectation_name(&error.class),
            )),
            Outcome::Invalid(_) | Outcome::Unreadable(_) => Err(ReferenceProblem::DoesNotCompile),
            Outcome::LoadFailed(_) => Err(ReferenceProblem::DoesNotLoad),
            Outcome::Stopped { .. } => Err(ReferenceProblem::DidNotFinish),
        };
        ReferenceCase {
            outcome,
            output: execution.output.text.clone(),
            measurement: execution.measurement,
            absent: false,
        }
    }
}

/// `reference` is the reference solution's run of the same case, for cases
/// that take their expectation or time budget from it; `table` is the
/// exception table of the zygote that ran `execution`.
pub fn judge(
    case: &Case,
    execution: &Execution,
    reference: Option<&ReferenceCase>,
    table: &ExceptionTable,
) -> Verdict {
    let expectation = match expectation(case, reference) {
        Ok(expectation) => expectation,
        Err(problem) => return Reason::NoExpectation(problem).into(),
    };
    let reason = match &execution.outcome {
        Outcome::Returned(value) => judge_value(&expectation, case, value),
        Outcome::Raised(error) => judge_raised(&expectation, error, table),
        Outcome::LoadFailed(error) => {
            if table.is_memory_error(&error.class) {
                Reason::MemoryError {
                    error: error.clone(),
                }
            } else {
                Reason::NotLoaded {
                    error: error.clone(),
                }
            }
        }
        Outcome::Invalid(invalid) => Reason::Invalid(invalid.clone()),
        Outcome::Stopped {
            stop,
            stderr_tail,
            not_run,
        } => Reason::Stopped {
            stop: *stop,
            stderr_tail: stderr_tail.clone(),
            not_run: *not_run,
        },
        Outcome::Unreadable(problem) => Reason::Unreadable(problem.clone()),
    };
    let reason = match reason {
        Reason::Passed | Reason::RaisedAsExpected { .. } => {
            judge_output(case, execution, reference).unwrap_or(reason)
        }
        other => other,
    };
    let reason = match reason {
        Reason::Passed | Reason::RaisedAsExpected { .. } => {
            judge_measurement(case, execution, reference).unwrap_or(reason)
        }
        other => other,
    };
    reason.into()
}

/// What the case expects: its own check, or the reference's outcome.
fn expectation(
    case: &Case,
    reference: Option<&ReferenceCase>,
) -> Result<Expectation, ReferenceProblem> {
    match &case.check {
        Check::Value(value) => Ok(Expectation::Value(value.clone())),
        Check::Raises { exception, pattern } => Ok(Expectation::Raises(ExpectedRaise {
            exception: exception.clone(),
            pattern: pattern.clone(),
        })),
        Check::Completes => Ok(Expectation::Completes),
        Check::Test => Ok(Expectation::Test),
        Check::FromReference => match &reference.ok_or(ReferenceProblem::NotRun)?.outcome {
            Ok(ReferenceOutcome::Value(value)) => Ok(Expectation::Value(value.clone())),
            Ok(ReferenceOutcome::Raises(exception)) => Ok(Expectation::Raises(ExpectedRaise {
                exception: exception.clone(),
                pattern: None,
            })),
            Err(problem) => Err(*problem),
        },
    }
}

fn judge_value(expectation: &Expectation, case: &Case, value: &Value) -> Reason {
    match expectation {
        Expectation::Value(expected) if expected.equals(value, case.compare) => Reason::Passed,
        Expectation::Value(expected) => Reason::ValueDiffers {
            expected: expected.clone(),
            actual: value.clone(),
            compare: case.compare,
        },
        Expectation::Raises(expected) => Reason::NothingRaised {
            expected: expected.clone(),
            actual: value.clone(),
        },
        Expectation::Completes => Reason::Passed,
        Expectation::Test => test_outcome(value),
    }
}

/// What the harness's test runner returned: None when the test passed,
/// ("skipped" | "xfailed", reason) otherwise.
fn test_outcome(value: &Value) -> Reason {
    match value {
        Value::None => Reason::Passed,
        Value::Tuple(parts) => match parts.as_slice() {
            [Value::Str(kind), Value::Str(reason)] if kind == "skipped" => Reason::Skipped {
                reason: reason.clone(),
            },
            [Value::Str(kind), Value::Str(reason)] if kind == "xfailed" => {
                Reason::ExpectedFailure {
                    reason: reason.clone(),
                }
            }
            _ => Reason::UnknownTestOutcome,
        },
        _ => Reason::UnknownTestOutcome,
    }
}

fn judge_raised(expectation: &Expectation, error: &Exception, table: &ExceptionTable) -> Reason {
    if matches!(expectation, Expectation::Test) {
        // The `<expr>` frame is grade's call of the test, not the test's.
        let mut error = error.clone();
        error
            .traceback
            .entries
            .retain(|entry| !matches!(entry, TraceEntry::Frame(frame) if frame.file == "<expr>"));
        return judge_test_raised(&error, table);
    }
    if table.is_memory_error(&error.class) {
        return Reason::MemoryError {
            error: error.clone(),
        };
    }
    if let Expectation::Raises(expected) = expectation {
        if !table.matches(&error.class, &expected.exception) {
            return Reason::WrongException {
                expected: expected.clone(),
                raised: error.clone(),
            };
        }
        if let Some(pattern) = &expected.pattern {
            if !pattern.is_match(&error.message) {
                return Reason::MessageMismatch {
                    expected: expected.clone(),
                    raised: error.clone(),
                };
            }
        }
        return Reason::RaisedAsExpected {
            expected: expected.clone(),
            raised: error.clone(),
        };
    }
    if is_stub(error, table) {
        return Reason::NotImplemented;
    }
    Reason::Raised {
        error: error.clone(),
    }
}

/// pytest's rule: an assertion that fails is a failure, anything else an
/// error (unittest's failureException is AssertionError).
fn judge_test_raised(error: &Exception, table: &ExceptionTable) -> Reason {
    if table.is_memory_error(&error.class) {
        return Reason::MemoryError {
            error: error.clone(),
        };
    }
    if is_stub(error, table) {
        return Reason::NotImplemented;
    }
    if table.matches(&error.class, "AssertionError") {
        return Reason::TestFailed {
            error: error.clone(),
        };
    }
    Reason::Raised {
        error: error.clone(),
    }
}

/// The starter stub: a bare `raise NotImplementedError`. A traceback into
/// it tells a learner nothing they do not know.
pub fn is_stub(error: &Exception, table: &ExceptionTable) -> bool {
    error.message.is_empty()
        && error
            .class
            .exact
            .is_some_and(|index| Some(index) == table.resolve("NotImplementedError"))
}

/// A case that passed so far must also print what it should.
fn judge_output(
    case: &Case,
    execution: &Execution,
    reference: Option<&ReferenceCase>,
) -> Option<Reason> {
    let expected = match (&case.stdout, &case.check, reference) {
        (Some(stdout), _, _) => stdout.clone(),
        (None, Check::FromReference, Some(reference)) => normalize_output(&reference.output),
        _ => return None,
    };
    let actual = normalize_output(&execution.output.text);
    (actual != expected).then_some(Reason::OutputDiffers { expected, actual })
}

/// A case that passed so far must stay within its measured bounds.
fn judge_measurement(
    case: &Case,
    execution: &Execution,
    reference: Option<&ReferenceCase>,
) -> Option<Reason> {
    if case.max_peak_kb.is_none() && case.max_ratio.is_none() {
        return None;
    }
    let Some(measured) = execution.measurement else {
        return Some(Reason::NotMeasured);
    };
    if let Some(limit) = case.max_peak_kb {
        let kb = measured.peak_bytes.div_ceil(1024);
        if kb > limit {
            return Some(Reason::PeakOver { kb, limit });
        }
    }
    if let Some(limit) = case.max_ratio {
        if reference.is_some_and(|r| r.absent) {
            return Some(Reason::NotTimed);
        }
        let Some(theirs) = reference.and_then(|r| r.measurement) else {
            return Some(Reason::NotMeasured);
        };
        let mine = Duration::from_nanos(measured.cpu_ns);
        let reference = Duration::from_nanos(theirs.cpu_ns);
        if mine.as_secs_f64() / reference.max(RATIO_FLOOR).as_secs_f64() > limit {
            return Some(Reason::TooSlow {
                mine,
                reference,
                limit,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exception_table::TableClass;
    use crate::execution::{ExceptionClass, Output, Stop, Traceback};
    use crate::spec::Check;
    use crate::value::Compare;
    use crate::verdict::Status;

    fn table() -> ExceptionTable {
        let class = |canonical: u32, ancestors: &[u32]| {
            Some(TableClass {
                canonical,
                ancestors: ancestors.to_vec(),
            })
        };
        ExceptionTable {
            names: [
                "BaseException",
                "Exception",
                "ValueError",
                "MemoryError",
                "NotImplementedError",
            ]
            .map(String::from)
            .to_vec(),
            classes: vec![
                class(0, &[]),
                class(1, &[0]),
                class(2, &[1, 0]),
                class(3, &[1, 0]),
                class(4, &[1, 0]),
            ],
        }
    }

    fn case(check: Check) -> Case {
        Case {
            name: "c".into(),
            setup: None,
            expr: Some("f()".into()),
            code_at: crate::spec::CodeAt::default(),
            check,
            stdout: None,
            hidden: false,
            points: 1,
            compare: Compare::default(),
            max_peak_kb: None,
            max_ratio: None,
            timeout_ms: 2000,
            shown_code: None,
            test_imports: Vec::new(),
            test_file: None,
        }
    }

    fn raised(index: u32, message: &str) -> Exception {
        let names = table().names;
        Exception {
            class: ExceptionClass {
                display: names[index as usize].clone(),
                table: table().classes[index as usize]
                    .as_ref()
                    .map(|c| {
                        let mut all = vec![index];
                        all.extend(&c.ancestors);
                        all
                    })
                    .unwrap_or_default(),
                exact: Some(index),
                unlisted: vec![],
            },
            message: message.into(),
            traceback: Traceback::default(),
        }
    }

    fn run(outcome: Outcome) -> Execution {
        Execution::bare(outcome)
    }

    fn raises(name: &str) -> Check {
        Check::Raises {
            exception: name.into(),
            pattern: None,
        }
    }

    #[test]
    fn values_pass_and_fail() {
        let check = Check::Value(Value::Int("3".into()));
        let pass = judge(
            &case(check.clone()),
            &run(Outcome::Returned(Value::Int("3".into()))),
            None,
            &table(),
        );
        assert!(matches!(pass.reason, Reason::Passed));
        let fail = judge(
            &case(check),
            &run(Outcome::Returned(Value::Int("4".into()))),
            None,
            &table(),
        );
        assert!(matches!(fail.reason, Reason::ValueDiffers { .. }));
        assert_eq!(fail.status, Status::Fail);
    }

    #[test]
    fn a_module_that_fails_to_load_satisfies_no_raises_case() {
        let verdict = judge(
            &case(raises("ValueError")),
            &run(Outcome::LoadFailed(raised(2, "at import"))),
            None,
            &table(),
        );
        assert_eq!(verdict.status, Status::Error);
        assert!(matches!(verdict.reason, Reason::NotLoaded { .. }));
    }

    #[test]
    fn raises_matches_by_identity() {
        let ok = judge(
            &case(raises("ValueError")),
            &run(Outcome::Raised(raised(2, "x"))),
            None,
            &table(),
        );
        assert!(matches!(ok.reason, Reason::RaisedAsExpected { .. }));
        let wrong = judge(
            &case(raises("ValueError")),
            &run(Outcome::Raised(raised(4, "x"))),
            None,
            &table(),
        );
        assert!(matches!(wrong.reason, Reason::WrongException { .. }));
        let nothing = judge(
            &case(raises("ValueError")),
            &run(Outcome::Returned(Value::None)),
            None,
            &table(),
        );
        assert!(matches!(nothing.reason, Reason::NothingRaised { .. }));
    }

    #[test]
    fn match_checks_the_message() {
        let check = Check::Raises {
            exception: "ValueError".into(),
            pattern: Some(regex::Regex::new("^neg").unwrap()),
        };
        let verdict = judge(
            &case(check),
            &run(Outcome::Raised(raised(2, "positive"))),
            None,
            &table(),
        );
        assert!(matches!(verdict.reason, Reason::MessageMismatch { .. }));
    }

    #[test]
    fn memory_errors_and_stubs() {
        let check = Check::Value(Value::None);
        let memory = judge(
            &case(check.clone()),
            &run(Outcome::Raised(raised(3, ""))),
            None,
            &table(),
        );
        assert_eq!(memory.status, Status::Memory);
        let stub = judge(
            &case(check.clone()),
            &run(Outcome::Raised(raised(4, ""))),
            None,
            &table(),
        );
        assert!(matches!(stub.reason, Reason::NotImplemented));
        let other = judge(
            &case(check),
            &run(Outcome::Raised(raised(4, "soon"))),
            None,
            &table(),
        );
        assert!(matches!(other.reason, Reason::Raised { .. }));
    }

    #[test]
    fn output_is_checked_after_the_value() {
        let mut with_stdout = case(Check::Completes);
        with_stdout.stdout = Some("hi".into());
        let mut execution = run(Outcome::Returned(Value::None));
        execution.output = Output {
            text: "hello  \n\n".into(),
            truncated: false,
        };
        let verdict = judge(&with_stdout, &execution, None, &table());
        assert!(matches!(verdict.reason, Reason::OutputDiffers { .. }));
        execution.output.text = "hi  \n".into();
        assert!(matches!(
            judge(&with_stdout, &execution, None, &table()).reason,
            Reason::Passed
        ));
    }

    #[test]
    fn expectations_come_from_the_reference() {
        let from = case(Check::FromReference);
        let reference = ReferenceCase::new(&run(Outcome::Raised(raised(2, "ref"))), &table());
        let verdict = judge(
            &from,
            &run(Outcome::Raised(raised(2, "mine"))),
            Some(&reference),
            &table(),
        );
        assert!(matches!(verdict.reason, Reason::RaisedAsExpected { .. }));
        let stopped = ReferenceCase::new(
            &run(Outcome::Stopped {
                stop: Stop::Timeout { limit_ms: 1 },
                stderr_tail: String::new(),
                not_run: false,
            }),
            &table(),
        );
        let verdict = judge(
            &from,
            &run(Outcome::Returned(Value::None)),
            Some(&stopped),
            &table(),
        );
        assert!(matches!(
            verdict.reason,
            Reason::NoExpectation(ReferenceProblem::DidNotFinish)
        ));
        let verdict = judge(&from, &run(Outcome::Returned(Value::None)), None, &table());
        assert!(matches!(
            verdict.reason,
            Reason::NoExpectation(ReferenceProblem::NotRun)
        ));
    }

    #[test]
    fn measured_bounds_use_the_kernel_figures() {
        let mut bounded = case(Check::Value(Value::None));
        bounded.max_peak_kb = Some(100);
        let mut execution = run(Outcome::Returned(Value::None));
        assert!(matches!(
            judge(&bounded, &execution, None, &table()).reason,
            Reason::NotMeasured
        ));
        execution.measurement = Some(Measurement {
            cpu_ns: 1,
            peak_bytes: 200 * 1024,
        });
        assert!(matches!(
            judge(&bounded, &execution, None, &table()).reason,
            Reason::PeakOver {
                kb: 200,
                limit: 100
            }
        ));
        let mut timed = case(Check::Value(Value::None));
        timed.max_ratio = Some(3.0);
        let mut reference_run = run(Outcome::Returned(Value::None));
        reference_run.measurement = Some(Measurement {
            cpu_ns: 10_000_000,
            peak_bytes: 0,
        });
        let reference = ReferenceCase::new(&reference_run, &table());
        execution.measurement = Some(Measurement {
            cpu_ns: 40_000_000,
            peak_bytes: 0,
        });
        assert!(matches!(
            judge(&timed, &execution, Some(&reference), &table()).reason,
            Reason::TooSlow { .. }
        ));
        execution.measurement = Some(Measurement {
            cpu_ns: 20_000_000,
            peak_bytes: 0,
        });
        assert!(matches!(
            judge(&timed, &execution, Some(&reference), &table()).reason,
            Reason::Passed
        ));
    }
}
