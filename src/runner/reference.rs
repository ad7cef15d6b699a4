//! Reference solutions' outcomes: the expectations of cases that name none,
//! and the times `max_ratio` compares against. They run in a zygote of
//! their own. Outcomes (never timings) are cached across runs, keyed by a
//! hash of the reference files and the cases' code.

use std::collections::HashMap;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::execute::{execute, Attempt, ExecOptions};
use crate::error::GradeError;
use crate::judge::Execution;
use crate::plan::Plan;
use crate::spec::Challenge;

/// Reference executions by challenge index.
#[derive(Debug, Default)]
pub struct References {
    by_challenge: HashMap<usize, Vec<Execution>>,
}

impl References {
    pub fn get(&self, challenge: usize) -> Option<&[Execution]> {
        self.by_challenge.get(&challenge).map(Vec::as_slice)
    }

    /// Runs (or reads from the cache) the reference of every challenge that
    /// has a case needing it. A missing reference file is an error.
    pub fn compute(plan: &Plan, options: &ExecOptions) -> Result<References, GradeError> {
        let mut references = References::default();
        let mut attempts = Vec::new();
        let mut owners = Vec::new();
        let mut keys = Vec::new();
        for (index, challenge) in plan.challenges.iter().enumerate() {
            let Some(case) = challenge.cases.iter().find(|case| case.needs_reference()) else {
                continue;
            };
            let attempt = Attempt::under(&plan.solutions_root, challenge);
            for path in std::iter::once(&attempt.main_file)
                .chain(attempt.extra_files.iter().map(|(_, p)| p))
            {
                if !path.is_file() {
                    return Err(GradeError::Usage(format!(
                        "{}: case `{}` takes its {} from the reference solution, but {} does not exist (use --solutions DIR)",
                        challenge.spec_file.display(),
                        case.name,
                        if case.max_ratio.is_some() { "time budget" } else { "expectation" },
                        path.display()
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
        execute(&attempts, options, &mut |attempt, executions| {
            if let Some(key) = &keys[attempt] {
                write_cache(key, &executions);
            }
            references.by_challenge.insert(owners[attempt], executions);
            Ok(())
        })?;
        Ok(references)
    }
}

/// A hash of everything the reference's outcomes depend on.
fn cache_key(attempt: &Attempt<'_>) -> Option<String> {
    let mut hasher = Sha256::new();
    hasher.update(b"grade reference cache v1\0");
    hasher.update(crate::python::PYTHON_HOME.as_bytes());
    hasher.update(std::fs::read(&attempt.main_file).ok()?);
    for (module, path) in &attempt.extra_files {
        hasher.update(module.as_bytes());
        hasher.update(std::fs::read(path).ok()?);
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
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("grade").join("references"))
}

fn read_cache(key: &str, challenge: &Challenge) -> Option<Vec<Execution>> {
    let text = std::fs::read(cache_dir()?.join(format!("{key}.json"))).ok()?;
    let executions: Vec<Execution> = serde_json::from_slice(&text).ok()?;
    (executions.len() == challenge.cases.len()).then_some(executions)
}

/// Best effort: a cache that cannot be written only costs time.
fn write_cache(key: &str, executions: &[Execution]) {
    let Some(dir) = cache_dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(text) = serde_json::to_vec(executions) else {
        return;
    };
    if let Ok(mut file) = tempfile::NamedTempFile::new_in(&dir) {
        if std::io::Write::write_all(&mut file, &text).is_ok() {
            let _ = file.persist(dir.join(format!("{key}.json")));
        }
    }
}
