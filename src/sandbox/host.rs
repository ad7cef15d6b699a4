//! What the machine offers a sandbox, as plain data: [`Host`] and the
//! cgroup places it names. Filled in by `Host::detect` (in `detect.rs`),
//! read by every mechanism when it confines a child and by `grade doctor`
//! (`doctor.rs`). Nothing here probes or changes anything.

use std::path::PathBuf;

use super::error::Unavailable;

/// Which cgroup hierarchy a [`CgroupMount`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CgroupVersion {
    /// A legacy (v1) hierarchy, with one controller or a few mounted
    /// together (`cpu,cpuacct`).
    V1,
    /// The unified (v2) hierarchy.
    V2,
}

/// A cgroup directory in which the zygote may create cells: the zygote's own
/// cgroup in one hierarchy, so that cells nest under whatever limits it
/// already lives in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CgroupMount {
    /// v1 or v2.
    pub version: CgroupVersion,
    /// The directory under which each cell gets `grade-<zygote pid>-<job id>`.
    pub dir: PathBuf,
}

/// What this machine offers, found by `Host::detect` in the zygote.
///
/// Each `Option` / `bool` says whether a mechanism is available; why one is
/// not is kept for `grade doctor` ([`Host::protections`](super::Host::protections)).
#[derive(Debug, Clone)]
pub struct Host {
    /// The pid of the process that ran `detect`: the zygote, parent of every
    /// child that calls [`super::enter`].
    pub zygote_pid: i32,
    /// Effective uid 0.
    pub root: bool,
    /// Where cells get `pids.max` (v1 `pids` hierarchy, or v2 with the `pids`
    /// controller enabled for children).
    pub pids: Option<CgroupMount>,
    /// Where cells get a memory limit and report their memory use (v1
    /// `memory`, or v2 with the `memory` controller enabled for children).
    pub memory: Option<CgroupMount>,
    /// Whether a cell's memory peak can be read and reset from the zygote
    /// (v1 `memory.max_usage_in_bytes`; v2 `memory.peak`, resettable from
    /// Linux 6.12). Only meaningful when [`Host::memory`] is set.
    pub memory_peak: bool,
    /// Where cells get `cgroup.kill` (v2 only, Linux 5.14+).
    pub kill: Option<CgroupMount>,
    /// Where cells get a CPU cap (v1 `cpu` hierarchy with CFS bandwidth
    /// control, or v2 `cpu.max` with the `cpu` controller enabled for
    /// children).
    pub cpu: Option<CgroupMount>,
    /// Where the zygote reads the CPU time of every process that ever ran
    /// in a cell (v2 `cpu.stat`, which every v2 cgroup has, or v1
    /// `cpuacct.usage`).
    pub cpu_time: Option<CgroupMount>,
    /// The kernel's Landlock ABI version; 0 when Landlock is missing or
    /// disabled. 1: files; 4: TCP bind/connect; 6: signal and abstract unix
    /// socket scopes.
    pub landlock_abi: i32,
    /// Seccomp filters can be installed.
    pub seccomp: bool,
    /// A child can enter a new network namespace (as root directly, as an
    /// ordinary user inside a new user namespace).
    pub net_namespace: bool,
    /// Whether [`super::enter`] puts each child in a new network namespace.
    /// Off by default where Landlock TCP rules (ABI 4) and the seccomp filter
    /// already cut the network (a namespace costs about 0.5 ms of CPU per
    /// child, plus deferred kernel teardown); on otherwise, when available.
    /// As an ordinary user the namespace comes with the user namespace at no
    /// extra cost that matters, so it stays on. The engine may override it.
    pub use_net_namespace: bool,
    /// As an ordinary user: a child can enter a new user namespace, in which
    /// `RLIMIT_NPROC` counts only the sandbox's own processes.
    pub user_namespace: bool,
    /// Why what is missing is missing.
    pub(super) why_not: WhyNot,
}

/// Why each mechanism [`Host`] lacks is missing (None where it is there).
#[derive(Debug, Clone, Default)]
pub(super) struct WhyNot {
    pub pids: Option<Unavailable>,
    pub memory: Option<Unavailable>,
    pub memory_peak: Option<Unavailable>,
    pub kill: Option<Unavailable>,
    pub cpu: Option<Unavailable>,
    pub cpu_time: Option<Unavailable>,
    pub landlock: Option<Unavailable>,
    pub seccomp: Option<Unavailable>,
    /// Network namespace (and, as an ordinary user, user namespace).
    pub namespaces: Option<Unavailable>,
}

impl Host {
    /// A host offering nothing optional: no cgroups, no Landlock, no
    /// seccomp, no namespaces. `detect` starts from it; tests use it too.
    pub(super) fn bare(zygote_pid: i32, root: bool) -> Host {
        Host {
            zygote_pid,
            root,
            pids: None,
            memory: None,
            memory_peak: false,
            kill: None,
            cpu: None,
            cpu_time: None,
            landlock_abi: 0,
            seccomp: false,
            net_namespace: false,
            use_net_namespace: false,
            user_namespace: false,
            why_not: WhyNot::default(),
        }
    }

    /// Every cgroup mount the host uses (in the order cells make their
    /// directories): for the stale-cell sweep, and for `grade doctor`.
    pub(super) fn cgroup_mounts(&self) -> impl Iterator<Item = &CgroupMount> {
        [
            &self.pids,
            &self.memory,
            &self.kill,
            &self.cpu,
            &self.cpu_time,
        ]
        .into_iter()
        .flatten()
    }
}
