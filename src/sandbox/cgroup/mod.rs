//! Cgroups: finding where cells can be made ([`probe`](probe::probe)), and
//! [`Cell`]s, the cgroups of one job, created by the zygote before `fork()`,
//! joined by the child in `sandbox::enter`, measured and killed by the
//! zygote, and removed when dropped.
//!
//! - `parse.rs`: the kernel's text (mountinfo, `cgroup.procs`, `cpu.stat`).
//! - `probe.rs`: which hierarchy gives each mechanism on this machine.
//! - `cell.rs`: making, joining, killing and removing cells.
//! - `usage.rs`: what a cell used (CPU time, memory now and at peak).

mod cell;
mod parse;
pub(super) mod probe;
mod usage;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

pub(super) use cell::sweep_stale;
pub use cell::{read_procs, Cell};

use super::error::SandboxError;

/// The CFS period of every CPU cap, in µs (the kernel's default): a cell
/// capped at `p`% gets `p`% of it per period.
pub(super) const CPU_PERIOD_US: u64 = 100_000;

fn write_file(path: &Path, value: &str) -> Result<(), SandboxError> {
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

fn read_file(path: &Path) -> Result<String, SandboxError> {
    fs::read_to_string(path).map_err(|source| SandboxError::Cgroup {
        action: "read",
        path: path.to_owned(),
        source,
    })
}
