//! `--cache DIR`: incremental regrading. A (learner, challenge) whose
//! learner files, spec (with any `--tests` overlay), reference solution,
//! grade build and report options are unchanged gets its report from the
//! last run instead of being run again; any change gives a new key.
//!
//! The folder is the instructor's: learner code never reaches it (children
//! write only their scratch folders), and a report is only ever read back
//! under the hash of every input that made it. Reports with a `timeout` or
//! `crash` case are not kept: those can come from a loaded machine, and a
//! later run should try again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::execute::Attempt;
use crate::error::GradeError;
use crate::report::json::ChallengeOut;
use crate::report::{ChallengeReport, Status};
use crate::submission::{read_beneath, SOURCE_CAP};

/// The entries' format; an entry of another version is a miss.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    version: u32,
    report: ChallengeOut,
}

/// An open `--cache` folder.
pub struct ResultCache {
    dir: PathBuf,
    /// Reports with a timeout or crash are kept too (`grade list` shows
    /// progress, not verdicts to rely on).
    keep_all: bool,
    /// What every key shares: this build of grade, its Python, the options
    /// that change a report.
    base: Sha256,
}

/// What, besides the attempt, a report depends on.
pub struct KeyParts<'a> {
    pub solutions_root: &'a Path,
    /// The learner file as the report names it.
    pub file: &'a str,
}

impl ResultCache {
    pub fn open(
        dir: &Path,
        (reveal, width): (bool, usize),
        output_cap: usize,
        site_packages: Option<&Path>,
        keep_all: bool,
    ) -> Result<ResultCache, GradeError> {
        std::fs::create_dir_all(dir).map_err(|e| GradeError::file(dir, e))?;
        let mut base = Sha256::new();
        base.update(b"grade results cache\0");
        base.update(VERSION.to_le_bytes());
        base.update(env!("CARGO_PKG_VERSION").as_bytes());
        // A rebuilt grade may judge differently: its binary dates the key.
        if let Some(built) = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .and_then(|meta| Some((meta.len(), meta.modified().ok()?)))
        {
            base.update(format!("{built:?}").as_bytes());
        }
        base.update(crate::python::PYTHON_HOME.as_bytes());
        base.update([u8::from(reveal)]);
        // Values are laid out to the terminal's width in a human report.
        base.update(width.to_le_bytes());
        base.update(output_cap.to_le_bytes());
        // Which environment, not what it holds: reinstalling packages
        // calls for a fresh cache folder.
        base.update(format!("{site_packages:?}").as_bytes());
        Ok(ResultCache {
            dir: dir.to_path_buf(),
            keep_all,
            base,
        })
    }

    /// The key of an attempt: a hash of every input of its report.
    pub fn key(&self, attempt: &Attempt<'_>, parts: &KeyParts<'_>) -> String {
        let mut hasher = self.base.clone();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        // Every parsed field of the spec, hidden cases and overlays too.
        field(format!("{:?}", attempt.challenge).as_bytes());
        field(parts.file.as_bytes());
        let reference = Attempt::under(parts.solutions_root, attempt.challenge);
        for attempt in [attempt, &reference] {
            for path in attempt.files() {
                field(path.as_os_str().as_encoded_bytes());
                match read_beneath(&attempt.root, &path, SOURCE_CAP) {
                    Ok(bytes) => field(&bytes),
                    Err(problem) => field(format!("unreadable: {problem}").as_bytes()),
                }
            }
        }
        format!("{:x}", hasher.finalize())
    }

    pub fn get(&self, key: &str) -> Option<ChallengeReport> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        (entry.version == VERSION).then(|| entry.report.into())
    }

    /// Best effort: a report that cannot be kept only costs time next run.
    pub fn put(&self, key: &str, report: &ChallengeReport) {
        if !self.keep_all
            && report
                .cases
                .iter()
                .any(|case| matches!(case.status, Status::Timeout | Status::Crash))
        {
            return;
        }
        let entry = Entry {
            version: VERSION,
            report: report.into(),
        };
        let Ok(bytes) = serde_json::to_vec(&entry) else {
            return;
        };
        if let Ok(mut file) = tempfile::NamedTempFile::new_in(&self.dir) {
            if std::io::Write::write_all(&mut file, &bytes).is_ok() {
                let _ = file.persist(self.path(key));
            }
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }
}
