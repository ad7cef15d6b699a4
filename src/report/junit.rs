//! `--format junit`: JUnit XML for CI dashboards, one test suite per
//! challenge (per learner and challenge with `--class`), one test case per
//! case. `fail` is a failure; every other non-pass verdict is an error.

use std::io::Write;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::text::learner_name;
use super::{Event, Reporter, Status};

pub struct Junit<W: Write> {
    out: W,
    report: Report,
}

impl<W: Write> Junit<W> {
    pub fn new(out: W) -> Self {
        Junit {
            out,
            report: Report::new("grade"),
        }
    }
}

impl<W: Write> Reporter for Junit<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => {}
            Event::Graded { learner, challenge } => {
                let suite_name = match learner {
                    Some(learner) => format!("{}/{}", learner_name(learner.name), challenge.path),
                    None => challenge.path.clone(),
                };
                let mut suite = TestSuite::new(suite_name.clone());
                if let Some(error) = &challenge.broken {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                    status.set_message(error.clone());
                    status.set_type("broken spec");
                    let mut test_case = TestCase::new("exercise.toml", status);
                    test_case.set_classname(suite_name.clone());
                    suite.add_test_case(test_case);
                }
                for case in &challenge.cases {
                    let rendered = case.rendered();
                    let status = match case.status() {
                        Status::Pass | Status::Xfailed => TestCaseStatus::success(),
                        Status::Skipped => {
                            let mut status = TestCaseStatus::skipped();
                            status.set_message(rendered.message.clone());
                            status
                        }
                        other => {
                            let kind = if other == Status::Fail {
                                NonSuccessKind::Failure
                            } else {
                                NonSuccessKind::Error
                            };
                            let mut status = TestCaseStatus::non_success(kind);
                            status.set_message(rendered.message.clone());
                            status.set_type(other.as_str());
                            let description = [
                                rendered.expected.as_ref().map(|e| format!("expected: {e}")),
                                rendered.actual.as_ref().map(|a| format!("actual:   {a}")),
                                rendered.diff.clone(),
                                rendered.detail.clone(),
                            ]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join("\n");
                            if !description.is_empty() {
                                status.set_description(description);
                            }
                            status
                        }
                    };
                    let mut test_case = TestCase::new(case.name.clone(), status);
                    test_case.set_classname(suite_name.clone());
                    // A hidden case's timing is not shown (it could tell what the case does).
                    if let Some(shown) = case.shown() {
                        if let Some(ms) = shown.duration_ms {
                            test_case
                                .set_time(Duration::from_secs_f64(ms.clamp(0.0, 1e9) / 1000.0));
                        }
                        if !shown.stdout.is_empty() {
                            test_case.set_system_out(shown.stdout.clone());
                        }
                    }
                    suite.add_test_case(test_case);
                }
                self.report.add_test_suite(suite);
            }
            Event::Finished { summary } => {
                self.report
                    .set_time(Duration::from_millis(summary.duration_ms));
                self.report
                    .serialize(&mut self.out)
                    .map_err(std::io::Error::other)?;
                writeln!(self.out)?;
                self.out.flush()?;
            }
        }
        Ok(())
    }
}
