//! Reference solutions' runs: the expectations of cases that name none,
//! and the CPU times `max_ratio` compares against. They run in a zygote of
//! their own. Expectations (never measurements) are cached across runs in
//! a versioned format of their own, keyed by a hash of the reference files
//! and the cases' code.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::execute::{execute, Attempt, ExceptionNames, ExecOptions, ExecSetup};
use crate::error::GradeError;
use crate::judge::{ReferenceCase, ReferenceOutcome};
use crate::plan::Plan;
use crate::spec::Challenge;
use crate::submission::{read_beneath, SOURCE_CAP};

/// The reference cache's format; a file of another version is ignored.
const CACHE_VERSION: u32 = 2;

/// Reference runs by challenge index.
#[derive(Debug, Default)]
pub struct References {
    by_challenge: HashMap<usize, Vec<ReferenceCase>>,
}

/// One cached reference run: every case returned or raised.
#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    cases: Vec<CachedCase>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CachedCase {
    outcome: ReferenceOutcome,
    output: String,
}

impl References {
    pub fn get(&self, challenge: usize) -> Option<&[ReferenceCase]> {
        self.by_challenge.get(&challenge).map(Vec::as_slice)
    }

    /// The exception classes references raised, for the learners' zygote
    /// to resolve (so that learners' exceptions are matched by identity),
    /// split by whether the case was hidden.
    pub fn raised_names(&self, plan: &Plan) -> ExceptionNames {
        let mut names = ExceptionNames::default();
        for (&index, cases) in &self.by_challenge {
            for (case, reference) in plan.challenges[index].cases.iter().zip(cases) {
                if let Ok(ReferenceOutcome::Raises(name)) = &reference.outcome {
                    names.insert(name, case.hidden);
                }
            }
        }
        names
    }

    /// Runs (or reads from the cache) the reference of every `wanted`
    /// challenge that has a case needing it. Where the reference file is
    /// missing, `absent` decides: an error (grading for an instructor,
    /// freezing), or the challenge's frozen outcomes (a practice repo
    /// handed out without `solutions/`).
    pub fn compute(
        plan: &Plan,
        options: &ExecOptions,
        wanted: impl Fn(usize) -> bool,
        absent: Absent,
    ) -> Result<References, GradeError> {
        let mut references = References::default();
        let mut attempts = Vec::new();
        let mut owners = Vec::new();
        let mut keys = Vec::new();
        for (index, challenge) in plan.challenges.iter().enumerate() {
            if !wanted(index) {
                continue;
            }
            let Some(case) = challenge.cases.iter().find(|case| case.needs_reference()) else {
                continue;
            };
            let attempt = Attempt::under(plan.solutions_root.as_path(), challenge);
            let missing = attempt
                .files()
                .find(|path| !attempt.root.join(path).is_file());
            if let Some(path) = missing {
                if absent == Absent::UseFrozen {
                    references
                        .by_challenge
                        .insert(index, frozen_outcomes(challenge)?);
                    continue;
                }
                return Err(GradeError::Usage(format!(
                    "{}: case `{}` takes its {} from the reference solution, but {} does not exist (use --solutions DIR)",
                    challenge.spec_file.display(),
                    case.name,
                    if case.max_ratio.is_some() { "time budget" } else { "expectation" },
                    attempt.root.join(path).display()
                )));
            }
            let timed = challenge.cases.iter().any(|case| case.max_ratio.is_some());
            let key = if timed { None } else { cache_key(&attempt) };
            if let Some(cached) = key.as_ref().and_then(|key| read_cache(key, challenge)) {
                references.by_challenge.insert(index, cached);
                continue;
            }
            attempts.push(attempt);
            owners.push(index);
            keys.push(key);
        }
        if attempts.is_empty() {
            return Ok(references);
        }
        execute(
            &attempts,
            options,
            &ExecSetup::default(),
            &mut |attempt, executions, table| {
                let cases: Vec<ReferenceCase> = executions
                    .iter()
                    .map(|execution| ReferenceCase::new(execution, table))
                    .collect();
                if let Some(key) = &keys[attempt] {
                    write_cache(key, &cases);
                }
                references.by_challenge.insert(owners[attempt], cases);
                Ok(())
            },
        )?;
        Ok(references)
    }
}

/// What to do where a reference solution is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    Error,
    UseFrozen,
}

/// Beside an exercise.toml whose cases take their expectation from the
/// reference: those outcomes, written by `grade freeze`, so that a practice
/// repo can be handed out without `solutions/`. Never the reference's code;
/// never a time (a budget measured on one machine means nothing on another).
pub const FROZEN_FILE: &str = "reference-outcomes.json";

const FROZEN_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrozenFile {
    version: u32,
    cases: Vec<FrozenCase>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrozenCase {
    name: String,
    /// A hash of the case's code: an outcome frozen for other code is stale.
    code: String,
    outcome: ReferenceOutcome,
    output: String,
}

fn code_hash(case: &crate::spec::Case) -> String {
    let mut hasher = Sha256::new();
    for part in [case.setup.as_ref(), case.expr.as_ref()] {
        hasher.update(part.map_or("\u{1}", String::as_str).as_bytes());
        hasher.update(b"\0");
    }
    format!("{:x}", hasher.finalize())
}

fn frozen_path(challenge: &Challenge) -> PathBuf {
    challenge.spec_file.with_file_name(FROZEN_FILE)
}

/// The reference's stand-in where it is absent: frozen outcomes where the
/// challenge ships them for the case's current code, nothing measured.
fn frozen_outcomes(challenge: &Challenge) -> Result<Vec<ReferenceCase>, GradeError> {
    let path = frozen_path(challenge);
    let frozen: HashMap<String, FrozenCase> = match std::fs::read(&path) {
        Err(_) => HashMap::new(),
        Ok(bytes) => {
            let file: FrozenFile = serde_json::from_slice(&bytes).map_err(|e| {
                GradeError::Usage(format!(
                    "{}:{}: {e} (written by `grade freeze`: run it again)",
                    path.display(),
                    e.line()
                ))
            })?;
            if file.version != FROZEN_VERSION {
                return Err(GradeError::Usage(format!(
                    "{}: version {} of the frozen outcomes, this grade reads {FROZEN_VERSION} (run `grade freeze` again)",
                    path.display(),
                    file.version
                )));
            }
            file.cases
                .into_iter()
                .map(|c| (c.name.clone(), c))
                .collect()
        }
    };
    Ok(challenge
        .cases
        .iter()
        .map(|case| {
            let found = frozen
                .get(&case.name)
                .filter(|frozen| frozen.code == code_hash(case));
            ReferenceCase {
                outcome: found
                    .map(|f| f.outcome.clone())
                    .ok_or(crate::verdict::ReferenceProblem::Absent),
                output: found.map(|f| f.output.clone()).unwrap_or_default(),
                measurement: None,
                absent: true,
            }
        })
        .collect())
}

/// `grade check`: the cases whose frozen outcome (where the challenge
/// ships a frozen file) is missing, stale or not what the reference gives.
pub fn stale_frozen(
    challenge: &Challenge,
    expected: &[ReferenceCase],
) -> Result<Vec<String>, GradeError> {
    if !frozen_path(challenge).is_file() {
        return Ok(Vec::new());
    }
    let frozen = frozen_outcomes(challenge)?;
    let same = |a: &ReferenceOutcome, b: &ReferenceOutcome| {
        serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
    };
    Ok(challenge
        .cases
        .iter()
        .zip(frozen.iter().zip(expected))
        .filter(|(case, _)| matches!(case.check, crate::spec::Check::FromReference))
        .filter(|(_, (frozen, run))| match (&frozen.outcome, &run.outcome) {
            (Ok(frozen), Ok(run)) => !same(frozen, run),
            (_, Err(_)) => false,
            (Err(_), Ok(_)) => true,
        })
        .map(|(case, _)| case.name.clone())
        .collect())
}

/// `grade freeze`: writes each challenge's frozen outcomes from its
/// reference's run; returns the files written.
pub fn freeze(plan: &Plan, references: &References) -> Result<Vec<PathBuf>, GradeError> {
    let mut written = Vec::new();
    for (index, challenge) in plan.challenges.iter().enumerate() {
        let Some(runs) = references.get(index) else {
            continue;
        };
        let cases: Vec<FrozenCase> = challenge
            .cases
            .iter()
            .zip(runs)
            .filter(|(case, _)| matches!(case.check, crate::spec::Check::FromReference))
            .map(|(case, run)| match &run.outcome {
                Ok(outcome) => Ok(FrozenCase {
                    name: case.name.clone(),
                    code: code_hash(case),
                    outcome: outcome.clone(),
                    output: run.output.clone(),
                }),
                Err(problem) => Err(GradeError::Usage(format!(
                    "{}: case `{}`: {problem}: nothing to freeze",
                    challenge.spec_file.display(),
                    case.name
                ))),
            })
            .collect::<Result<_, _>>()?;
        if cases.is_empty() {
            continue;
        }
        let path = frozen_path(challenge);
        let mut text = serde_json::to_string_pretty(&FrozenFile {
            version: FROZEN_VERSION,
            cases,
        })
        .map_err(|e| GradeError::Usage(e.to_string()))?;
        text.push('\n');
        fs_err::write(&path, text).map_err(|e| GradeError::file(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// A hash of everything the reference's outcomes depend on.
fn cache_key(attempt: &Attempt<'_>) -> Option<String> {
    let mut hasher = Sha256::new();
    hasher.update(b"grade reference cache\0");
    hasher.update(CACHE_VERSION.to_le_bytes());
    hasher.update(crate::python::PYTHON_HOME.as_bytes());
    hasher.update(read_beneath(&attempt.root, &attempt.main_file(), SOURCE_CAP).ok()?);
    for (module, path) in attempt.extra_files() {
        hasher.update(module.as_bytes());
        hasher.update(read_beneath(&attempt.root, &path, SOURCE_CAP).ok()?);
    }
    for case in &attempt.challenge.cases {
        for part in [Some(&case.name), case.setup.as_ref(), case.expr.as_ref()] {
            hasher.update(part.map_or("\u{1}", String::as_str).as_bytes());
            hasher.update(b"\0");
        }
        hasher.update([u8::from(case.max_peak_kb.is_some()), u8::from(case.hidden)]);
        hasher.update(case.timeout_ms.to_le_bytes());
    }
    Some(format!("{:x}", hasher.finalize()))
}

fn cache_dir() -> Option<PathBuf> {
    crate::cache::dir("references")
}

fn read_cache(key: &str, challenge: &Challenge) -> Option<Vec<ReferenceCase>> {
    let text = std::fs::read(cache_dir()?.join(format!("{key}.json"))).ok()?;
    let file: CacheFile = serde_json::from_slice(&text).ok()?;
    if file.version != CACHE_VERSION || file.cases.len() != challenge.cases.len() {
        return None;
    }
    Some(
        file.cases
            .into_iter()
            .map(|case| ReferenceCase {
                outcome: Ok(case.outcome),
                output: case.output,
                measurement: None,
                absent: false,
            })
            .collect(),
    )
}

/// Best effort: a cache that cannot be written only costs time. Only runs
/// whose every case returned or raised are worth keeping.
fn write_cache(key: &str, cases: &[ReferenceCase]) {
    let Some(cached) = cases
        .iter()
        .map(|case| {
            Some(CachedCase {
                outcome: case.outcome.clone().ok()?,
                output: case.output.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    let Some(dir) = cache_dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let file = CacheFile {
        version: CACHE_VERSION,
        cases: cached,
    };
    let Ok(text) = serde_json::to_vec(&file) else {
        return;
    };
    if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(&dir) {
        if std::io::Write::write_all(&mut tmp, &text).is_ok() {
            let _ = tmp.persist(dir.join(format!("{key}.json")));
        }
    }
}
