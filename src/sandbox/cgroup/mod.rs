//! Cgroups: finding where cells can be made ([`probe`](probe::probe)), and
//! [`Cell`]s, the cgroups of one job, created by the zygote before `fork()`,
//! joined by the child in `sandbox::enter`, measured and killed by the
//! zygote, and removed when dropped.
//!
//! - `control.rs`: reading and writing control files.
//! - `parse.rs`: the kernel's text (mountinfo, `cgroup.procs`, `cpu.stat`).
//! - `probe.rs`: which hierarchy gives each mechanism on this machine.
//! - `cell.rs`: making, joining, killing and removing cells.
//! - `usage.rs`: what a cell used (CPU time, memory now and at peak).

mod cell;
mod control;
mod parse;
pub(super) mod probe;
mod usage;

pub(super) use cell::sweep_stale;
pub use cell::{read_procs, Cell};
