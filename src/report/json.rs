//! `--format json`: the schema of SPEC §6, written once the run is over.

use std::io::Write;

use serde::Serialize;

use super::{ChallengeReport, Event, Reporter, Summary};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: &'a Summary,
    submissions: &'a [SubmissionOut],
}

#[derive(Serialize)]
struct SubmissionOut {
    learner: Option<String>,
    challenges: Vec<ChallengeReport>,
}

pub struct Json<W: Write> {
    out: W,
    submissions: Vec<SubmissionOut>,
}

impl<W: Write> Json<W> {
    pub fn new(out: W) -> Self {
        Json {
            out,
            submissions: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for Json<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => {}
            Event::Graded { learner, challenge } => {
                let learner = learner.map(str::to_owned);
                match self.submissions.last_mut() {
                    Some(last) if last.learner == learner => {
                        last.challenges.push(challenge.clone())
                    }
                    _ => self.submissions.push(SubmissionOut {
                        learner,
                        challenges: vec![challenge.clone()],
                    }),
                }
            }
            Event::Finished { summary } => {
                let document = Document {
                    version: 1,
                    summary,
                    submissions: &self.submissions,
                };
                serde_json::to_writer_pretty(&mut self.out, &document)?;
                writeln!(self.out)?;
                self.out.flush()?;
            }
        }
        Ok(())
    }
}
