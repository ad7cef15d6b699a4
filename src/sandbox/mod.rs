//! The sandbox every child that runs learner code enters (SPEC §4): what the
//! machine offers ([`Host`]), the per-job cgroups that are measured and
//! killed as one ([`Cell`]), and [`enter`], which a freshly forked child
//! calls before it runs any learner code.
//!
//! Neighbours: the engine's zygote calls [`Host::detect`] and
//! [`become_subreaper`] once, creates a [`Cell`] per job before `fork()`,
//! reads the cell's counters around cases ([`Cell::cpu_time_ns`],
//! [`Cell::memory_peak_bytes`]) and kills what a case left behind
//! ([`Cell::kill_except`]); the child calls [`enter`]; `grade doctor` prints
//! [`Host::protections`]. Nothing here touches Python: the only outside item
//! used is `crate::python::PYTHON_HOME`, the prefix the child must still
//! read.
//!
//! # Layering
//!
//! Dependencies point one way, downwards; nothing imports upwards:
//!
//! ```text
//! mod.rs      enter(), Policy, re-exports
//!   detect.rs   Host::detect: calls each mechanism's probe, then sweeps stale cells
//!   doctor.rs   Host::protections: grade doctor's text
//!     mechanisms, each with its probe and what it does to a child:
//!       cgroup/ (probe, cells, usage), landlock_rules, seccomp, namespaces,
//!       privileges, rlimits; measure (per-process /proc fallbacks)
//!       host.rs     plain data: Host, CgroupMount, CgroupVersion
//!       limits.rs   plain data: Limits
//!       error.rs    SandboxError (a step failed), Unavailable (why a mechanism is missing)
//! ```
//!
//! # The trust rules (DESIGN.md, "The trust boundary")
//!
//! Measurements that decide a case (CPU time for `max_ratio`, memory peak
//! for `max_peak_kb`) come from the kernel, read by the zygote, in which
//! learner code never runs: the cell's cgroup counters, or, where the host
//! has none, the child's `/proc` entries ([`measure`]). CPU is capped per
//! cell ([`Limits::cpu_percent`]), so one learner cannot slow another.
//! Every process a case leaves behind can be killed without killing the
//! child ([`Cell::kill_except`]).
//!
//! # The choice made for root (CI, this kind of machine)
//!
//! The child stays uid 0 but without any capability (bounding set, permitted,
//! effective, inheritable and ambient sets emptied, `SECBIT_NOROOT` locked,
//! `PR_SET_NO_NEW_PRIVS`), and gets what an unprivileged uid would have given
//! it from mechanisms that hold for uid 0 too:
//!
//! | threat | what stops it |
//! | --- | --- |
//! | fork bomb | cgroup `pids.max` (root ignores `RLIMIT_NPROC`) |
//! | many processes × memory | cgroup memory limit; `RLIMIT_AS` per process |
//! | CPU hog slowing others | cgroup CPU cap ([`Limits::cpu_percent`]) |
//! | `setsid()` escapees | cgroup v2 `cgroup.kill` ([`Cell::kill`]), [`Cell::kill_except`] |
//! | files | Landlock: read the Python prefix, the course's site-packages and system libraries, read/write the scratch folder |
//! | network | Landlock TCP rules and the seccomp filter (`connect`, `bind`, `listen`, `sendto` with an address, `sendmsg`); a network namespace only where one of those is missing ([`Host::use_net_namespace`]) |
//! | signals, ptrace, abstract unix sockets | Landlock scopes and ptrace rules |
//! | rewriting its own cell's counters or limits | Landlock (the cgroup files are out of reach) |
//! | root-owned metadata (`chmod`, `utime`, xattrs), other processes' rlimits and priorities, keyrings, SysV IPC, pathname unix sockets | the seccomp filter |
//!
//! Switching to an unprivileged uid per slot was the alternative: it needs a
//! mount namespace per child to keep the pyenv prefix (under a mode-700
//! `/root`) importable, costs more per child, and would need the scratch
//! folder chowned; everything it would add is covered above.
//!
//! As an ordinary user (a laptop), the child instead enters a new user
//! namespace, where `RLIMIT_NPROC` counts only its own processes; without
//! writable cgroups there is no CPU cap, no cell-wide counter and no
//! cell-wide kill.
//!
//! Every protection the machine lacks degrades (recorded in [`Host`], shown
//! by [`Host::protections`]); one that [`Host::detect`] found available but
//! that then fails makes [`enter`] fail loudly.

mod cgroup;
mod detect;
mod doctor;
mod error;
mod host;
mod landlock_rules;
mod limits;
pub mod measure;
mod namespaces;
mod privileges;
mod rlimits;
mod seccomp;

#[cfg(test)]
mod tests;

use std::path::Path;

pub use cgroup::Cell;
pub use error::SandboxError;
pub use host::Host;
pub use limits::Limits;
pub use {cgroup::read_procs, doctor::Protection};

/// What one child is allowed: its scratch folder and its resource limits
/// (no worker slot: children stay uid 0 without capabilities; see above).
#[derive(Debug, Clone)]
pub struct Policy<'a> {
    /// The child's own scratch folder (its cwd): the only place it may write.
    /// It must exist; the engine creates it (mode 0700) before forking.
    pub scratch: &'a Path,
    /// Folders it may read besides the Python installation (a course's
    /// site-packages).
    pub read_only: &'a [std::path::PathBuf],
    /// Resource limits applied to the child and everything it starts.
    pub limits: Limits,
}

/// Make the calling process (the zygote) a child subreaper, so that
/// grandchildren orphaned by a double fork are reparented to it (and reaped
/// with `waitpid(-1, WNOHANG)`) rather than to an init that may not reap
/// them promptly. Returns whether the kernel accepted it.
pub fn become_subreaper() -> bool {
    privileges::become_subreaper()
}

/// Confine the calling process, a child freshly forked by the zygote that
/// called [`Host::detect`], before it runs learner code. In order:
///
/// 1. join the cell's cgroups, after writing their limits (`pids.max`,
///    memory, CPU cap);
/// 2. as an ordinary user, a new user namespace; a new network namespace
///    where [`Host::use_net_namespace`] says so;
/// 3. rlimits ([`Limits`]), `SIGXFSZ` ignored so that a too-large file is an
///    `OSError` rather than a kill;
/// 4. `PR_SET_PDEATHSIG(SIGKILL)`, then a check that the zygote is still the
///    parent;
/// 5. Landlock (files, TCP, scopes) and `PR_SET_NO_NEW_PRIVS`;
/// 6. every capability dropped;
/// 7. the seccomp filter.
///
/// A child that wants to see what its cases leave behind opens
/// [`Cell::open_procs`] before this call. On `Err` the child is partly
/// confined: it must report the error and exit, never run learner code.
pub fn enter(host: &Host, cell: &Cell, policy: &Policy) -> Result<(), SandboxError> {
    // The cgroup files are out of reach once Landlock applies: cgroups
    // come first.
    cell.join(&policy.limits)?;
    namespaces::enter(host)?;
    rlimits::apply(host, &policy.limits)?;
    privileges::die_with_parent(host)?;
    landlock_rules::restrict(host, policy.scratch, policy.read_only)?;
    privileges::drop_capabilities(host)?;
    seccomp::install(host)?;
    Ok(())
}
