//! `grade hint SLUG`: hints one at a time, remembered beside `exercises/`.

use crate::error::GradeError;
use crate::plan::{self};
use crate::runner::{self};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The challenge a learner means: a path in any form grading accepts
/// (`exercises/week3/timer-context`, its learner file, `.` inside it), its
/// path under `exercises/` or its slug; a typo gets a did-you-mean.
fn find_challenge(
    slug: &str,
    selection: &plan::Selection,
) -> Result<(PathBuf, String), GradeError> {
    if Path::new(slug).exists() {
        if let [one] = plan::select(&[PathBuf::from(slug)])?.specs.as_slice() {
            return Ok(one.clone());
        }
    }
    let wanted = slug.trim_matches('/');
    let matches: Vec<_> = selection
        .specs
        .iter()
        .filter(|(_, path)| path == wanted || path.rsplit('/').next() == Some(wanted))
        .cloned()
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => {
            let closest = selection
                .specs
                .iter()
                .map(|(_, path)| {
                    let slug_only = path.rsplit('/').next().unwrap_or(path);
                    let score = strsim::jaro_winkler(wanted, path)
                        .max(strsim::jaro_winkler(wanted, slug_only));
                    (score, path)
                })
                .filter(|(score, _)| *score >= 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            Err(GradeError::Usage(match closest {
                Some((_, path)) => format!("no challenge named `{slug}`: did you mean `{path}`?"),
                None => format!("no challenge named `{slug}` (try `grade list`)"),
            }))
        }
        many => Err(GradeError::Usage(format!(
            "`{slug}` is ambiguous: {}",
            many.iter()
                .map(|(_, p)| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// `grade hint SLUG`: every hint shown so far plus the next one.
pub fn hint(slug: &str, root: Option<&Path>, out: &mut dyn Write) -> Result<(), GradeError> {
    let paths: Vec<PathBuf> = root.map(|r| vec![r.to_path_buf()]).unwrap_or_default();
    let selection = plan::select(&paths)?;
    let (spec_file, path) = find_challenge(slug, &selection)?;
    let challenge = crate::spec::load(&spec_file, path.clone())?;
    if challenge.hints.is_empty() {
        writeln!(out, "{path} has no hints.").map_err(runner::output_error)?;
        return Ok(());
    }
    let state_dir = runner::state_dir(&selection.exercises_root);
    let state_file = state_dir.join(runner::HINTS_FILE);
    let mut shown: BTreeMap<String, usize> = runner::hints_seen(&state_dir);
    let count = (shown.get(&path).copied().unwrap_or(0) + 1).min(challenge.hints.len());
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        writeln!(out, "{path}: {}", challenge.title)?;
        for (index, hint) in challenge.hints.iter().take(count).enumerate() {
            writeln!(
                out,
                "  hint {} of {}: {hint}",
                index + 1,
                challenge.hints.len()
            )?;
        }
        if count == challenge.hints.len() {
            writeln!(out, "  (that was the last hint)")?;
        }
        Ok(())
    };
    write(out).map_err(runner::output_error)?;
    shown.insert(path, count);
    let text =
        serde_json::to_vec_pretty(&shown).map_err(|e| GradeError::Environment(e.to_string()))?;
    fs_err::create_dir_all(&state_dir).map_err(|e| GradeError::file(&state_dir, e))?;
    fs_err::write(&state_file, text).map_err(|e| GradeError::file(&state_file, e))?;
    Ok(())
}
