//! Reading and writing cgroup control files, with errors that name the
//! file, and the constants cells write.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::sandbox::error::SandboxError;

/// The CFS period of every CPU cap, in µs (the kernel's default): a cell
/// capped at `p`% gets `p`% of it per period.
pub(super) const CPU_PERIOD_US: u64 = 100_000;

/// Write `value` to a control file.
pub(super) fn write_file(path: &Path, value: &str) -> Result<(), SandboxError> {
    OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| f.write_all(value.as_bytes()))
        .map_err(|source| SandboxError::Cgroup {
            action: "write",
            path: path.to_owned(),
            source,
        })
}

/// A control file's text.
pub(super) fn read_file(path: &Path) -> Result<String, SandboxError> {
    fs::read_to_string(path).map_err(|source| SandboxError::Cgroup {
        action: "read",
        path: path.to_owned(),
        source,
    })
}
