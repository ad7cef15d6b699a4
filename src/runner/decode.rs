//! Turning what the zygote relays of one job into [`Execution`]s. The
//! zygote's own frames (events, a case's end and measurements) are the
//! grader's word; the bytes it relays from a child (output, results) are
//! the learner's, checked here: a result must parse strictly, answer the
//! case that was asked, and name exception classes the table has. One that
//! does not is that case's crash, never the run's.

use std::time::Duration;

use crate::error::GradeError;
use crate::exception_table::ExceptionTable;
use crate::execution::{
    CompileError, Exception, ExceptionClass, Execution, Frame, Measurement, Outcome, Output, Stop,
    TraceEntry, Traceback, Violation,
};
use crate::value::with_value_budget;
use crate::worker::protocol::{
    CaseEnd, CaseResult, Kind, WireCompileError, WireException, WireOutcome, WireStop,
    WireTraceEntry, ZygoteEvent,
};

use crate::worker::protocol::MAX_RESULT;
/// The end of a child's stderr kept, for crash reports.
const STDERR_TAIL: usize = 4096;

/// The state of one job's stream.
pub struct JobDecoder {
    finished: Vec<bool>,
    ready: Vec<(usize, Execution)>,
    output: Vec<u8>,
    output_truncated: bool,
    output_cap: usize,
    result: Vec<u8>,
    result_overflow: bool,
    /// Values the job's results may still hold (see `with_value_budget`).
    values_left: usize,
    stderr: Vec<u8>,
}

/// Values all of one job's results may hold: some tens of megabytes of the
/// grader's memory, far more than any case's expectation needs.
const JOB_VALUES: usize = 1 << 20;

impl JobDecoder {
    pub fn new(entries: usize, output_cap: usize) -> JobDecoder {
        JobDecoder {
            finished: vec![false; entries],
            ready: Vec::new(),
            output: Vec::new(),
            output_truncated: false,
            output_cap,
            result: Vec::new(),
            result_overflow: false,
            values_left: JOB_VALUES,
            stderr: Vec::new(),
        }
    }

    /// The entry the next result belongs to: the first without a verdict.
    fn current(&self) -> Option<usize> {
        self.finished.iter().position(|done| !done)
    }

    pub fn stderr_tail(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// Executions completed since the last call, by entry.
    pub fn take_finished(&mut self) -> Vec<(usize, Execution)> {
        std::mem::take(&mut self.ready)
    }

    fn finish(&mut self, entry: usize, execution: Execution) {
        self.finished[entry] = true;
        self.ready.push((entry, execution));
        self.output.clear();
        self.output_truncated = false;
        self.result.clear();
        self.result_overflow = false;
    }

    fn take_output(&mut self) -> Output {
        Output {
            text: String::from_utf8_lossy(&self.output).into_owned(),
            truncated: self.output_truncated,
        }
    }

    /// A relayed frame of the job.
    pub fn frame(
        &mut self,
        kind: Kind,
        payload: &[u8],
        table: &ExceptionTable,
    ) -> Result<(), GradeError> {
        match kind {
            Kind::Output => {
                let room = self.output_cap.saturating_sub(self.output.len());
                self.output
                    .extend_from_slice(&payload[..payload.len().min(room)]);
                if payload.len() > room {
                    self.output_truncated = true;
                }
            }
            Kind::OutputTruncated => self.output_truncated = true,
            Kind::Stderr => {
                self.stderr.extend_from_slice(payload);
                if self.stderr.len() > STDERR_TAIL {
                    self.stderr.drain(..self.stderr.len() - STDERR_TAIL);
                }
            }
            Kind::ResultPart => {
                if self.result.len() + payload.len() > MAX_RESULT {
                    self.result_overflow = true;
                } else {
                    self.result.extend_from_slice(payload);
                }
            }
            Kind::ResultEnd => {
                let end: CaseEnd = serde_json::from_slice(payload)
                    .map_err(|e| garbled(&format!("a case end: {e}")))?;
                let entry = self
                    .current()
                    .ok_or_else(|| garbled("a result after every case"))?;
                let (outcome, wall) = if self.result_overflow {
                    (protocol(Violation::TooLarge), None)
                } else {
                    outcome(&self.result, entry, table, &mut self.values_left)
                };
                let measurement = match (end.cpu_ns, end.peak_bytes) {
                    (Some(cpu_ns), Some(peak_bytes)) => Some(Measurement { cpu_ns, peak_bytes }),
                    _ => None,
                };
                let execution = Execution {
                    outcome,
                    output: self.take_output(),
                    wall,
                    measurement,
                };
                self.finish(entry, execution);
            }
            Kind::Event => return Err(garbled("an event where a frame was expected")),
        }
        Ok(())
    }

    /// One of the zygote's events about the job; true once the job is done.
    pub fn event(&mut self, event: ZygoteEvent) -> Result<bool, GradeError> {
        match event {
            ZygoteEvent::Stopped {
                case,
                stop,
                not_run,
            } => {
                let entry = case as usize;
                let current = self.current();
                let valid = entry < self.finished.len()
                    && !self.finished[entry]
                    && (not_run || current == Some(entry));
                if !valid {
                    return Err(garbled("a stop of a case that is not running"));
                }
                let stop = stop_of(stop)?;
                let output = if not_run {
                    Output::default()
                } else {
                    self.take_output()
                };
                let execution = Execution {
                    outcome: Outcome::Stopped {
                        stop,
                        stderr_tail: self.stderr_tail(),
                        not_run,
                    },
                    output,
                    wall: None,
                    measurement: None,
                };
                if not_run {
                    self.finished[entry] = true;
                    self.ready.push((entry, execution));
                } else {
                    self.finish(entry, execution);
                }
                Ok(false)
            }
            ZygoteEvent::Done => {
                if self.current().is_some() {
                    return Err(garbled("a job ended early"));
                }
                Ok(true)
            }
            ZygoteEvent::Table(_) | ZygoteEvent::Failed { .. } | ZygoteEvent::Discard { .. } => {
                Err(garbled("a run-wide event for a job"))
            }
        }
    }
}

fn garbled(what: &str) -> GradeError {
    GradeError::Environment(format!("garbled message from the worker process: {what}"))
}

/// An execution for a case that never got a result.
pub fn no_result() -> Execution {
    Execution::bare(protocol(Violation::NoResult))
}

fn protocol(violation: Violation) -> Outcome {
    Outcome::Stopped {
        stop: Stop::Protocol(violation),
        stderr_tail: String::new(),
        not_run: false,
    }
}

fn stop_of(stop: WireStop) -> Result<Stop, GradeError> {
    Ok(match stop {
        WireStop::Timeout { limit_ms } => Stop::Timeout { limit_ms },
        WireStop::CpuLimit => Stop::CpuLimit,
        WireStop::OutOfMemory => Stop::OutOfMemory,
        WireStop::Signaled { signal } => Stop::Signaled(signal),
        WireStop::Exited { code } => Stop::Exited { code },
        WireStop::HarnessBroken => Stop::HarnessBroken,
        WireStop::Closed => Stop::Protocol(Violation::Closed),
        WireStop::Garbled => Stop::Protocol(Violation::Garbled),
        WireStop::TooLarge => Stop::Protocol(Violation::TooLarge),
        WireStop::AfterLast => Stop::Protocol(Violation::AfterLast),
        WireStop::LateFailure => Stop::Protocol(Violation::LateFailure),
    })
}

/// The longest a child may say a case took: its own clock is only shown,
/// and a claim beyond any timeout is a lie, not a measurement.
const MAX_SECONDS: f64 = 3600.0;

/// A child's result for `entry` and the time it says the case took,
/// checked: anything a child says that its code could not have made
/// honestly is that case's crash.
fn outcome(
    bytes: &[u8],
    entry: usize,
    table: &ExceptionTable,
    values_left: &mut usize,
) -> (Outcome, Option<Duration>) {
    let (result, ran_out) =
        with_value_budget(values_left, || serde_json::from_slice::<CaseResult>(bytes));
    if ran_out {
        return (protocol(Violation::TooLarge), None);
    }
    let Ok(result) = result else {
        return (protocol(Violation::Garbled), None);
    };
    if result.case as usize != entry {
        return (protocol(Violation::WrongCase), None);
    }
    let wall = (result.seconds.is_finite() && (0.0..=MAX_SECONDS).contains(&result.seconds))
        .then(|| Duration::from_secs_f64(result.seconds));
    (checked(result.outcome, table), wall)
}

fn checked(outcome: WireOutcome, table: &ExceptionTable) -> Outcome {
    match outcome {
        WireOutcome::Value(value) => Outcome::Returned(value),
        WireOutcome::Raised(error) => match exception(error, table) {
            Some(error) => Outcome::Raised(error),
            None => protocol(Violation::Garbled),
        },
        WireOutcome::LoadFailed(error) => match exception(error, table) {
            Some(error) => Outcome::LoadFailed(error),
            None => protocol(Violation::Garbled),
        },
        WireOutcome::Invalid(invalid) => Outcome::Invalid(compile_error(invalid)),
    }
}

/// None when the exception names table classes the table does not have.
fn exception(wire: WireException, table: &ExceptionTable) -> Option<Exception> {
    let known = |index: &u32| table.is_canonical(*index);
    if !wire.table.iter().all(known) || !wire.exact.iter().all(known) {
        return None;
    }
    if wire.exact.is_some_and(|exact| !wire.table.contains(&exact)) {
        return None;
    }
    Some(Exception {
        class: ExceptionClass {
            display: wire.display,
            table: wire.table,
            exact: wire.exact,
            unlisted: wire.unlisted,
        },
        message: wire.message,
        traceback: Traceback {
            entries: wire
                .entries
                .into_iter()
                .map(|entry| match entry {
                    WireTraceEntry::Frame {
                        file,
                        line,
                        function,
                        source,
                        carets,
                    } => TraceEntry::Frame(Frame {
                        file,
                        line,
                        function,
                        source,
                        carets,
                    }),
                    WireTraceEntry::Repeated(count) => TraceEntry::Repeated(count),
                    WireTraceEntry::Omitted(count) => TraceEntry::Omitted(count),
                })
                .collect(),
            exception_lines: wire.exception_lines,
        },
    })
}

fn compile_error(wire: WireCompileError) -> CompileError {
    CompileError {
        kind: wire.kind,
        message: wire.message,
        file: wire.file,
        line: wire.line,
        column: wire.column,
        text: wire.text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exception_table::TableClass;

    fn table() -> ExceptionTable {
        ExceptionTable {
            names: vec!["BaseException".into(), "Exception".into()],
            classes: vec![
                Some(TableClass {
                    canonical: 0,
                    ancestors: vec![],
                }),
                Some(TableClass {
                    canonical: 1,
                    ancestors: vec![0],
                }),
            ],
        }
    }

    fn end(decoder: &mut JobDecoder, result: &str) -> Outcome {
        decoder
            .frame(Kind::ResultPart, result.as_bytes(), &table())
            .unwrap();
        decoder
            .frame(
                Kind::ResultEnd,
                br#"{"cpu_ns": null, "peak_bytes": null}"#,
                &table(),
            )
            .unwrap();
        decoder.take_finished().pop().unwrap().1.outcome
    }

    #[test]
    fn a_result_for_another_case_is_a_violation() {
        let mut decoder = JobDecoder::new(2, 100);
        let outcome = end(
            &mut decoder,
            r#"{"case": 1, "seconds": 0.5, "outcome": {"Value": null}}"#,
        );
        assert!(matches!(
            outcome,
            Outcome::Stopped {
                stop: Stop::Protocol(Violation::WrongCase),
                ..
            }
        ));
        let outcome = end(
            &mut decoder,
            r#"{"case": 1, "seconds": 0.5, "outcome": {"Value": null}}"#,
        );
        assert!(matches!(outcome, Outcome::Returned(_)));
    }

    #[test]
    fn unknown_fields_and_unknown_classes_are_violations() {
        let mut decoder = JobDecoder::new(3, 100);
        let outcome = end(
            &mut decoder,
            r#"{"case": 0, "seconds": 0.1, "outcome": {"Value": null}, "extra": 1}"#,
        );
        assert!(matches!(outcome, Outcome::Stopped { .. }));
        let forged = r#"{"case": 1, "seconds": 0.1, "outcome": {"Raised": {"display": "TypeError", "table": [7],
            "exact": 7, "unlisted": [], "message": "", "entries": [], "exception_lines": []}}}"#;
        assert!(matches!(end(&mut decoder, forged), Outcome::Stopped { .. }));
        let fine = r#"{"case": 2, "seconds": 1e300, "outcome": {"Raised": {"display": "Exception", "table": [1, 0],
            "exact": 1, "unlisted": [], "message": "", "entries": [], "exception_lines": []}}}"#;
        assert!(matches!(end(&mut decoder, fine), Outcome::Raised(_)));
    }

    #[test]
    fn output_is_capped_and_belongs_to_its_case() {
        let mut decoder = JobDecoder::new(1, 4);
        decoder.frame(Kind::Output, b"abcdef", &table()).unwrap();
        decoder
            .frame(
                Kind::ResultPart,
                br#"{"case": 0, "seconds": 0.25, "outcome": {"Value": null}}"#,
                &table(),
            )
            .unwrap();
        decoder
            .frame(
                Kind::ResultEnd,
                br#"{"cpu_ns": 1, "peak_bytes": 2}"#,
                &table(),
            )
            .unwrap();
        let (_, execution) = decoder.take_finished().pop().unwrap();
        assert_eq!(execution.wall, Some(Duration::from_millis(250)));
        assert_eq!(execution.output.text, "abcd");
        assert!(execution.output.truncated);
        assert_eq!(
            execution.measurement,
            Some(Measurement {
                cpu_ns: 1,
                peak_bytes: 2
            })
        );
        assert!(decoder.event(ZygoteEvent::Done).unwrap());
    }

    #[test]
    fn a_stop_must_name_the_running_case() {
        let mut decoder = JobDecoder::new(2, 4);
        let stop = |case, not_run| ZygoteEvent::Stopped {
            case,
            stop: WireStop::Timeout { limit_ms: 1 },
            not_run,
        };
        assert!(decoder.event(stop(1, false)).is_err());
        assert!(decoder.event(stop(1, true)).is_ok());
        assert!(decoder.event(stop(0, false)).is_ok());
        assert!(decoder.event(ZygoteEvent::Done).unwrap());
    }
}
