//! `grade merge PART.json…`: the slices of a `--partition K/N` run, graded
//! on as many machines, joined into one report in any format. The JSON
//! report holds every word the other formats show, so the merged report
//! is the one the whole run would have written, up to its duration.

use std::path::{Path, PathBuf};

use crate::error::GradeError;
use crate::plan::Sliced;
use crate::report::json::SubmissionOut;
use crate::report::{ChallengeReport, Document, Event, Learner, Reporter, Summary};

/// The whole run the parts make up.
pub struct Merged {
    submissions: Vec<SubmissionOut>,
    duration_ms: u64,
}

/// Reads the parts (all of them before anything is written: `--output`
/// may name one) and joins them.
pub fn read_parts(parts: &[PathBuf]) -> Result<Merged, GradeError> {
    let documents = parts
        .iter()
        .map(|path| read(path).map(|document| (path.as_path(), document)))
        .collect::<Result<Vec<_>, _>>()?;
    // The slices ran side by side: the run took as long as the longest.
    let duration_ms = documents
        .iter()
        .map(|(_, d)| d.summary.duration_ms)
        .max()
        .unwrap_or(0);
    Ok(Merged {
        submissions: join(documents)?,
        duration_ms,
    })
}

impl Merged {
    /// Whether the parts grade a class (or several whole runs).
    pub fn is_class(&self) -> bool {
        self.submissions.len() > 1 || self.submissions.iter().any(|s| s.learner.is_some())
    }
}

fn read(path: &Path) -> Result<Document, GradeError> {
    let text = std::fs::read_to_string(path).map_err(|e| GradeError::file(path, e))?;
    Document::parse(&text)
        .map_err(|e| GradeError::file(path, format!("not a report of `grade --format json`: {e}")))
}

/// The submissions of the whole run, in its order. Whole-run reports are
/// joined in the order given; the slices of a partition, whatever their
/// order, interleaved back as `--partition` dealt them.
fn join(documents: Vec<(&Path, Document)>) -> Result<Vec<SubmissionOut>, GradeError> {
    let Some((first_path, first)) = documents.first().map(|(path, d)| (*path, d.partition)) else {
        return Err(GradeError::Usage(
            "grade merge needs at least one report".into(),
        ));
    };
    let Some(first) = first else {
        if let Some((path, _)) = documents.iter().find(|(_, d)| d.partition.is_some()) {
            return Err(mixed(path));
        }
        return Ok(documents
            .into_iter()
            .flat_map(|(_, d)| d.submissions)
            .collect());
    };
    let mut slices: Vec<Option<(&Path, Document)>> = (0..first.of).map(|_| None).collect();
    for (path, document) in documents {
        let Some(partition) = document.partition else {
            return Err(mixed(path));
        };
        if partition.of != first.of || partition.by != first.by {
            return Err(GradeError::file(
                path,
                format!(
                    "slice {}/{} of the {}, but {} is one of {} slices of the {}",
                    partition.slice,
                    partition.of,
                    sliced(partition.by),
                    first_path.display(),
                    first.of,
                    sliced(first.by)
                ),
            ));
        }
        let slot = &mut slices[partition.slice - 1];
        if let Some((earlier, _)) = slot {
            return Err(GradeError::file(
                path,
                format!(
                    "slice {}/{} again (also in {})",
                    partition.slice,
                    partition.of,
                    earlier.display()
                ),
            ));
        }
        *slot = Some((path, document));
    }
    let missing: Vec<String> = slices
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.is_none())
        .map(|(index, _)| format!("{}/{}", index + 1, first.of))
        .collect();
    if !missing.is_empty() {
        return Err(GradeError::Usage(format!(
            "slices missing from the merge: {}",
            missing.join(", ")
        )));
    }
    let slices: Vec<(&Path, Document)> = slices.into_iter().flatten().collect();
    match first.by {
        Sliced::Learners => {
            let lists = slices
                .into_iter()
                .map(|(path, document)| (path, document.submissions))
                .collect();
            interleave(lists)
        }
        Sliced::Challenges => {
            let learner = slices
                .iter()
                .find_map(|(_, d)| d.submissions.first().map(|s| s.learner.clone()));
            let mut lists = Vec::new();
            for (path, document) in slices {
                if document.submissions.len() > 1 {
                    return Err(GradeError::file(
                        path,
                        "a slice of challenges with more than one submission",
                    ));
                }
                let challenges = document
                    .submissions
                    .into_iter()
                    .flat_map(|s| s.challenges)
                    .collect();
                lists.push((path, challenges));
            }
            let challenges = interleave(lists)?;
            Ok(match learner {
                Some(learner) => vec![SubmissionOut {
                    learner,
                    challenges,
                }],
                None => Vec::new(),
            })
        }
    }
}

/// Item `i` of the whole came from slice `i mod N`, at `i div N` in it.
fn interleave<T>(slices: Vec<(&Path, Vec<T>)>) -> Result<Vec<T>, GradeError> {
    let of = slices.len();
    let total: usize = slices.iter().map(|(_, items)| items.len()).sum();
    for (index, (path, items)) in slices.iter().enumerate() {
        let dealt = (total + of - 1 - index) / of;
        if items.len() != dealt {
            return Err(GradeError::file(
                path,
                format!(
                    "slice {}/{of} holds {} items, but {total} in all deal it {dealt}: \
                     were the slices graded from the same class and challenges?",
                    index + 1,
                    items.len()
                ),
            ));
        }
    }
    let mut iterators: Vec<_> = slices
        .into_iter()
        .map(|(_, items)| items.into_iter())
        .collect();
    Ok((0..total)
        .filter_map(|index| iterators[index % of].next())
        .collect())
}

/// Reports the merged run as the whole run reported it.
pub fn replay(merged: Merged, reporter: &mut dyn Reporter) -> Result<Summary, GradeError> {
    let Merged {
        submissions,
        duration_ms,
    } = merged;
    let output = crate::runner::output_error;
    reporter
        .event(Event::Started {
            challenges: submissions.iter().map(|s| s.challenges.len()).sum(),
            learners: submissions.iter().filter(|s| s.learner.is_some()).count(),
        })
        .map_err(output)?;
    let mut summary = Summary::default();
    for (index, submission) in submissions.into_iter().enumerate() {
        let name = submission.learner;
        for challenge in submission.challenges {
            let challenge = ChallengeReport::from(challenge);
            summary.add(&challenge);
            let learner = name.as_deref().map(|name| Learner { index, name });
            reporter
                .event(Event::Graded {
                    learner,
                    challenge: &challenge,
                })
                .map_err(output)?;
        }
    }
    summary.duration_ms = duration_ms;
    reporter
        .event(Event::Finished { summary: &summary })
        .map_err(output)?;
    Ok(summary)
}

fn mixed(path: &Path) -> GradeError {
    GradeError::file(
        path,
        "a whole run's report and a slice of a partition cannot be merged together",
    )
}

fn sliced(by: Sliced) -> &'static str {
    match by {
        Sliced::Learners => "learners",
        Sliced::Challenges => "challenges",
    }
}
