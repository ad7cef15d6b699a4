//! Errors that stop a run, each with one message for the user, and the exit
//! codes of the contract (SPEC §5): 0 all passed, 1 some case did not, 2 a
//! usage, spec or environment error.

use std::ops::Range;
use std::path::{Path, PathBuf};

pub const EXIT_PASSED: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// A problem with an exercise.toml.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SpecError {
    #[error("{}:{line}:{column}: {message}", path.display())]
    At {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
}

impl SpecError {
    /// An error at a byte range of the file's text.
    pub fn at(path: &Path, text: &str, span: Range<usize>, message: String) -> SpecError {
        let (line, column) = line_column(text, span.start);
        SpecError::At {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, index: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut index: usize) -> usize {
        while index > 0 && !self.is_char_boundary(index) {
            index -= 1;
        }
        index
    }
}

/// Anything that ends a run with exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error("{} spec errors:\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Specs(Vec<SpecError>),
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    #[error("{0}")]
    Environment(String),
    /// The reader of the report went away (`grade | head`): not worth a word.
    #[error("broken pipe")]
    BrokenPipe,
}

impl GradeError {
    pub fn file(path: &Path, error: impl std::fmt::Display) -> GradeError {
        GradeError::File {
            path: path.to_path_buf(),
            message: error.to_string(),
        }
    }
}
