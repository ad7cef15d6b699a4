//! A progress bar on stderr while a long run grades, beside whatever report
//! goes to stdout: challenges done of all, learners done of all in a class,
//! cases per second and the time left. Only on a terminal: a pipe or a CI
//! log gets nothing.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Event, Reporter};

/// Runs of at least this many challenges show the bar.
const PROGRESS_FROM: usize = 20;

/// Wraps the run's reporter: the bar is cleared while the report writes,
/// so that the two never mix on one terminal.
pub struct WithProgress<R: Reporter> {
    inner: R,
    bar: Option<ProgressBar>,
    learners: usize,
    learners_done: usize,
    last_learner: Option<usize>,
    cases: u64,
    draw: fn() -> ProgressDrawTarget,
}

impl<R: Reporter> WithProgress<R> {
    /// A bar on stderr when it is a terminal.
    pub fn new(inner: R) -> Self {
        Self::drawing_to(inner, ProgressDrawTarget::stderr)
    }

    fn drawing_to(inner: R, draw: fn() -> ProgressDrawTarget) -> Self {
        WithProgress {
            inner,
            bar: None,
            learners: 0,
            learners_done: 0,
            last_learner: None,
            cases: 0,
            draw,
        }
    }

    fn start(&mut self, challenges: usize, learners: usize) {
        let target = (self.draw)();
        if challenges < PROGRESS_FROM || target.is_hidden() {
            return;
        }
        let style = ProgressStyle::with_template(
            "{bar:30.cyan/blue} {pos}/{len} challenges{msg} · ETA {eta}",
        )
        .expect("a valid template")
        .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(challenges as u64), target).with_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        self.bar = Some(bar);
        self.learners = learners;
    }

    fn advance(&mut self, learner: Option<usize>, cases: usize) {
        if learner != self.last_learner {
            if self.last_learner.is_some() {
                self.learners_done += 1;
            }
            self.last_learner = learner;
        }
        self.cases += cases as u64;
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        let seconds = bar.elapsed().as_secs_f64().max(1e-3);
        let learners = if self.learners > 1 {
            format!(" · {}/{} learners", self.learners_done, self.learners)
        } else {
            String::new()
        };
        bar.set_message(format!(
            "{learners} · {:.0} cases/s",
            self.cases as f64 / seconds
        ));
    }
}

impl<R: Reporter> Reporter for WithProgress<R> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match &event {
            Event::Started {
                challenges,
                learners,
            } => self.start(*challenges, *learners),
            Event::Graded { learner, challenge } => {
                self.advance(learner.map(|l| l.index), challenge.cases.len())
            }
            Event::Finished { .. } => {
                if let Some(bar) = self.bar.take() {
                    bar.finish_and_clear();
                }
            }
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| self.inner.event(event)),
            None => self.inner.event(event),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Count(usize);

    impl Reporter for Count {
        fn event(&mut self, _: Event<'_>) -> std::io::Result<()> {
            self.0 += 1;
            Ok(())
        }
    }

    /// Where stderr is no terminal (a test, a CI log), there is no bar,
    /// and every event still reaches the report.
    #[test]
    fn no_bar_without_a_terminal() {
        let mut progress = WithProgress::drawing_to(Count(0), ProgressDrawTarget::hidden);
        progress
            .event(Event::Started {
                challenges: 500,
                learners: 50,
            })
            .unwrap();
        assert!(progress.bar.is_none());
        assert_eq!(progress.inner.0, 1);
    }

    #[test]
    fn a_bar_counts_challenges_and_learners() {
        let mut progress = WithProgress::drawing_to(Count(0), || {
            ProgressDrawTarget::term_like(Box::new(indicatif::InMemoryTerm::new(4, 120)))
        });
        progress.start(40, 2);
        assert!(progress.bar.is_some());
        for learner in [0, 0, 1] {
            progress.advance(Some(learner), 10);
        }
        assert_eq!(progress.learners_done, 1);
        assert_eq!(progress.cases, 30);
        assert_eq!(progress.bar.as_ref().unwrap().position(), 3);
    }
}
