//! The instructor's Python in `setup` and `expr`, compiled when the specs
//! are loaded: a typo there is a spec error naming the file and line (exit
//! 2), never an `error` charged to the learner.
//!
//! Compiling needs the embedded interpreter in the grader (which never runs
//! what it compiles); a selection whose code compiled before is remembered
//! by a hash in the cache folder, so an unchanged course starts no Python.

use pyo3::prelude::*;
use sha2::{Digest, Sha256};

use crate::error::SpecError;
use crate::spec::Challenge;

/// `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`: setup and expr may await.
const TOP_LEVEL_AWAIT: i32 = 0x2000;

/// One piece of code to compile.
struct Snippet<'a> {
    code: &'a str,
    /// "setup" (statements) or "expr" (an expression).
    kind: &'static str,
    file: &'a std::path::Path,
    /// Byte offset of the value in its file.
    at: usize,
    case: &'a str,
}

/// Compiles every case's setup and expr; returns, for each challenge with
/// code that does not compile, its index and the first error.
pub fn check(challenges: &[&Challenge]) -> Vec<(usize, SpecError)> {
    let mut missing = Vec::new();
    for (index, challenge) in challenges.iter().enumerate() {
        let snippets = snippets(challenge);
        let marker = crate::cache::dir("compiled").map(|dir| dir.join(cache_key(&snippets)));
        if !snippets.is_empty() && !marker.as_ref().is_some_and(|m| m.is_file()) {
            missing.push((index, snippets, marker));
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, snippets, marker) in missing {
        match compile_all(&snippets) {
            Ok(errors) if errors.is_empty() => {
                if let Some(marker) = marker {
                    // Best effort: without a cache the next run compiles again.
                    if let Some(dir) = marker.parent() {
                        let _ = std::fs::create_dir_all(dir);
                    }
                    let _ = std::fs::write(&marker, b"ok\n");
                }
            }
            Ok(mut errors) => found.push((index, errors.remove(0))),
            Err(reason) => found.push((
                index,
                SpecError::Io {
                    path: snippets[0].file.to_path_buf(),
                    message: format!("cannot compile the cases' code: {reason}"),
                },
            )),
        }
    }
    found
}

fn snippets(challenge: &Challenge) -> Vec<Snippet<'_>> {
    let mut snippets = Vec::new();
    for case in &challenge.cases {
        let code_at = &case.code_at;
        for (code, kind, at) in [
            (&case.setup, "setup", code_at.setup),
            (&case.expr, "expr", code_at.expr),
        ] {
            if let (Some(code), Some(at)) = (code, at) {
                snippets.push(Snippet {
                    code,
                    kind,
                    file: &code_at.file,
                    at,
                    case: &case.name,
                });
            }
        }
    }
    snippets
}

fn compile_all(snippets: &[Snippet<'_>]) -> Result<Vec<SpecError>, String> {
    crate::python::initialize_shared()?;
    Python::attach(|py| {
        let compile = py
            .import("builtins")
            .and_then(|b| b.getattr("compile"))
            .map_err(|e| e.to_string())?;
        let mut errors = Vec::new();
        for snippet in snippets {
            let mode = if snippet.kind == "setup" {
                "exec"
            } else {
                "eval"
            };
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs
                .set_item("dont_inherit", true)
                .map_err(|e| e.to_string())?;
            let compiled = compile.call(
                (
                    snippet.code,
                    format!("<{}>", snippet.kind),
                    mode,
                    TOP_LEVEL_AWAIT,
                ),
                Some(&kwargs),
            );
            if let Err(error) = compiled {
                errors.push(describe(py, &error, snippet));
            }
        }
        Ok(errors)
    })
}

fn describe(py: Python<'_>, error: &PyErr, snippet: &Snippet<'_>) -> SpecError {
    let value = error.value(py);
    let (message, line) = crate::python::error_message_and_line(py, error);
    let column = value
        .getattr("offset")
        .and_then(|o| o.extract::<usize>())
        .ok();
    let place = match (line, column) {
        (Some(line), Some(column)) => {
            format!(" (line {line}, column {column} of the {})", snippet.kind)
        }
        (Some(line), None) => format!(" (line {line} of the {})", snippet.kind),
        _ => String::new(),
    };
    let text = std::fs::read_to_string(snippet.file).unwrap_or_default();
    let (line, column) = crate::error::line_column(&text, snippet.at);
    SpecError::At {
        path: snippet.file.to_path_buf(),
        line,
        column,
        message: format!(
            "the `{}` of case `{}` does not compile: {message}{place}",
            snippet.kind, snippet.case
        ),
    }
}

fn cache_key(snippets: &[Snippet<'_>]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"grade compiled snippets v1\0");
    hasher.update(crate::python::PYTHON_HOME.as_bytes());
    for snippet in snippets {
        hasher.update(snippet.kind.as_bytes());
        hasher.update(b"\0");
        hasher.update(snippet.code.as_bytes());
        hasher.update(b"\0");
    }
    format!("{:x}", hasher.finalize())
}
