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
    /// challenge that has a case needing it. A missing reference file is
    /// an error.
    pub fn compute(
        plan: &Plan,
        options: &ExecOptions,
        wanted: impl Fn(usize) -> bool,
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
            let attempt = Attempt::under(&plan.solutions_root, challenge);
            for path in std::iter::once(&attempt.main_file)
                .chain(attempt.extra_files.iter().map(|(_, p)| p))
            {
                if !attempt.root.join(path).is_file() {
                    return Err(GradeError::Usage(format!(
                        "{}: case `{}` takes its {} from the reference solution, but {} does not exist (use --solutions DIR)",
                        challenge.spec_file.display(),
                        case.name,
                        if case.max_ratio.is_some() { "time budget" } else { "expectation" },
                        attempt.root.join(path).display()
                    )));
                }
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

/// A hash of everything the reference's outcomes depend on.
fn cache_key(attempt: &Attempt<'_>) -> Option<String> {
    let mut hasher = Sha256::new();
    hasher.update(b"grade reference cache\0");
    hasher.update(CACHE_VERSION.to_le_bytes());
    hasher.update(crate::python::PYTHON_HOME.as_bytes());
    hasher.update(read_beneath(&attempt.root, &attempt.main_file, SOURCE_CAP).ok()?);
    for (module, path) in &attempt.extra_files {
        hasher.update(module.as_bytes());
        hasher.update(read_beneath(&attempt.root, path, SOURCE_CAP).ok()?);
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
