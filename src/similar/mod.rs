//! `grade similar --class DIR`: which submissions look copied. Per
//! challenge, each learner's file is tokenized (`tokenize`), normalised and
//! fingerprinted by winnowing (`fingerprint`), less the fingerprints of the
//! challenge's stub and reference solution; an inverted index of the
//! fingerprints finds the pairs that share code (`compare`), and `report`
//! writes them as text, JSON or CSV.
//!
//! The class and the challenges come from `plan` (as `grade --class`
//! finds them); learner files are read by `submission`, beneath each
//! learner's root and never through a link. No learner code runs.

mod compare;
mod fingerprint;
mod html;
mod report;
mod tokenize;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::execution::FileProblem;
use crate::plan::Plan;
use crate::submission::{read_beneath, SOURCE_CAP};

pub use compare::{Pair, Settings};
pub use report::{write, Format};

/// What a comparison asks for beyond the plan.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The least similarity reported, from 0 to 1.
    pub threshold: f64,
    /// The least code, in tokens, each file of a pair must have matched.
    pub min_tokens: usize,
}

/// The findings of a run.
#[derive(Debug)]
pub struct Findings {
    pub options: Options,
    /// Learners' names, in the class's order.
    pub learners: Vec<String>,
    pub challenges: Vec<Compared>,
    /// Learner files that exist but could not be read (a link, too
    /// large…): not compared, said on stderr.
    pub unread: Vec<FileProblem>,
}

/// One challenge's comparison.
#[derive(Debug)]
pub struct Compared {
    /// Its path below `exercises/`.
    pub path: String,
    /// The learner file's name in the challenge folder.
    pub file: String,
    /// The files compared.
    pub files: Vec<LearnerFile>,
    /// The pairs found, indices into `files`, most similar first.
    pub pairs: Vec<Pair>,
}

#[derive(Debug)]
pub struct LearnerFile {
    /// Index into [`Findings::learners`].
    pub learner: usize,
    /// The file's text (invalid UTF-8 replaced), for the lines a report
    /// quotes.
    pub source: String,
}

/// Fingerprints held by more submissions than this, or than a tenth of
/// them when that is more, are common idioms: MOSS's rule, so that code
/// half a class writes alike is no evidence against any pair of them.
const MIN_MAX_HOLDERS: usize = 10;

/// Compares the class's files of each challenge of the plan.
pub fn find(plan: &Plan, options: Options) -> Findings {
    let learners: Vec<String> = plan
        .submissions
        .iter()
        .enumerate()
        .map(|(index, s)| {
            s.learner
                .clone()
                .unwrap_or_else(|| format!("submission {}", index + 1))
        })
        .collect();
    let results: Vec<(Compared, Vec<FileProblem>)> = plan
        .challenges
        .par_iter()
        .map(|challenge| {
            let folder = challenge.spec_file.parent().unwrap_or(Path::new(""));
            let stub = folder.join(&challenge.file);
            let reference = plan
                .solutions_root
                .join(&challenge.path)
                .join(&challenge.file);
            let given: HashSet<u64> = [stub, reference]
                .iter()
                .filter_map(|path| std::fs::read(path).ok())
                .flat_map(|bytes| fingerprint::all_hashes(&String::from_utf8_lossy(&bytes)))
                .collect();
            let relative = Path::new(&challenge.path).join(&challenge.file);
            let read: Vec<Result<(LearnerFile, compare::Document), FileProblem>> = plan
                .submissions
                .par_iter()
                .enumerate()
                .filter_map(|(learner, submission)| {
                    let bytes = match read_beneath(&submission.root, &relative, SOURCE_CAP) {
                        Ok(bytes) => bytes,
                        // A challenge the learner did not hand in.
                        Err(FileProblem::Missing { .. }) => return None,
                        Err(problem) => return Some(Err(problem)),
                    };
                    let source = String::from_utf8_lossy(&bytes).into_owned();
                    let mut prints = fingerprint::fingerprint(&source);
                    prints.selected.retain(|f| !given.contains(&f.hash));
                    Some(Ok((
                        LearnerFile { learner, source },
                        compare::Document { prints },
                    )))
                })
                .collect();
            let mut files = Vec::new();
            let mut documents = Vec::new();
            let mut unread = Vec::new();
            for result in read {
                match result {
                    Ok((file, document)) => {
                        files.push(file);
                        documents.push(document);
                    }
                    Err(problem) => unread.push(problem),
                }
            }
            let settings = Settings {
                threshold: options.threshold,
                min_tokens: options.min_tokens,
                max_holders: MIN_MAX_HOLDERS.max(documents.len() / 10),
            };
            let pairs = compare::pairs(&documents, &settings);
            (
                Compared {
                    path: challenge.path.clone(),
                    file: challenge.file.clone(),
                    files,
                    pairs,
                },
                unread,
            )
        })
        .collect();
    let mut challenges = Vec::new();
    let mut unread = Vec::new();
    for (compared, problems) in results {
        challenges.push(compared);
        unread.extend(problems);
    }
    Findings {
        options,
        learners,
        challenges,
        unread,
    }
}
