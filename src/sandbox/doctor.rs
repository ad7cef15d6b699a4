//! `grade doctor`'s text: every protection a child gets, or does not get,
//! on this machine, and how or why not, from the plain [`Host`] data.

use super::error::Unavailable;
use super::host::{CgroupMount, CgroupVersion, Host};

/// One line of `grade doctor`: a protection, whether it is active on this
/// machine, and how (or why not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// Short name ("cgroup pids.max", "landlock files", ...).
    pub name: &'static str,
    /// Whether children get it.
    pub active: bool,
    /// How it works here, or why it is not active.
    pub detail: String,
}

impl Host {
    /// One line per protection: active or not, and how or why not. This is
    /// what `grade doctor` prints.
    pub fn protections(&self) -> Vec<Protection> {
        let mut out = Vec::new();
        self.process_lines(&mut out);
        self.cgroup_lines(&mut out);
        self.measurement_lines(&mut out);
        self.limit_lines(&mut out);
        self.isolation_lines(&mut out);
        out
    }

    fn process_lines(&self, out: &mut Vec<Protection>) {
        push(
            out,
            "process group",
            true,
            "each child leads its own process group; the zygote kills it at the deadline",
        );
        push(
            out,
            "subreaper",
            true,
            "the zygote is a child subreaper: double-forked orphans come back to it to be reaped",
        );
    }

    fn cgroup_lines(&self, out: &mut Vec<Protection>) {
        let (a, d) = mount_line(&self.pids, &self.why_not.pids, "pids.max");
        push(out, "cgroup pids.max (fork bombs)", a, d);
        let (a, d) = mount_line(&self.memory, &self.why_not.memory, "a memory limit");
        push(out, "cgroup memory limit (all processes of a job)", a, d);
        let (a, d) = mount_line(&self.cpu, &self.why_not.cpu, "a CPU cap");
        push(
            out,
            "cgroup CPU cap (one learner cannot slow another)",
            a,
            d,
        );
        let listed = self
            .cgroup_mounts()
            .find(|m| m.version == CgroupVersion::V2)
            .or_else(|| self.cgroup_mounts().next());
        let (a, d) = match (&self.kill, listed) {
            (Some(m), _) => (true, format!("cgroup.kill under {}", m.dir.display())),
            (None, Some(m)) => (
                true,
                format!(
                    "no cgroup.kill ({}); killing every pid listed in {} until it is empty",
                    why(&self.why_not.kill),
                    m.dir.display()
                ),
            ),
            (None, None) => (false, why(&self.why_not.kill)),
        };
        push(out, "cgroup kill (setsid escapees)", a, d);
        let (a, d) = match listed {
            Some(m) => (
                true,
                format!(
                    "the cell's cgroup.procs under {} lists what a case left behind{}; \
                     the zygote kills all but the child",
                    m.dir.display(),
                    match m.version {
                        CgroupVersion::V1 =>
                            " (v1: a child re-reading it may see a list up to 1 s old)",
                        CgroupVersion::V2 => "",
                    }
                ),
            ),
            None => (
                false,
                "no writable cgroup lists a job's processes: only the child's process group \
                 is killed; setsid escapees live until the job ends"
                    .into(),
            ),
        };
        push(out, "leftover-process cleanup", a, d);
    }

    fn measurement_lines(&self, out: &mut Vec<Protection>) {
        let (a, d) = self.cpu_time_line();
        push(out, "kernel CPU time (max_ratio)", a, d);
        let (a, d) = self.memory_peak_line();
        push(out, "kernel memory peak (max_peak_kb)", a, d);
    }

    fn cpu_time_line(&self) -> (bool, String) {
        match &self.cpu_time {
            Some(m) => (
                true,
                format!(
                    "{} under {}: every process of the cell, read by the zygote{}",
                    match m.version {
                        CgroupVersion::V1 => "cpuacct.usage",
                        CgroupVersion::V2 => "cpu.stat usage_usec",
                    },
                    m.dir.display(),
                    self.cgroup_caveat()
                ),
            ),
            None => (
                false,
                format!(
                    "{}; falling back to /proc/<pid>/task/*/schedstat of the child's live threads",
                    why(&self.why_not.cpu_time)
                ),
            ),
        }
    }

    fn memory_peak_line(&self) -> (bool, String) {
        match self.memory.as_ref().filter(|_| self.memory_peak) {
            Some(m) => (
                true,
                format!(
                    "{} under {}, read and reset by the zygote{}",
                    match m.version {
                        CgroupVersion::V1 => "memory.max_usage_in_bytes",
                        CgroupVersion::V2 => "memory.peak",
                    },
                    m.dir.display(),
                    self.cgroup_caveat()
                ),
            ),
            None => {
                let reason = match &self.why_not.memory_peak {
                    Some(why) => why.to_string(),
                    None => why(&self.why_not.memory),
                };
                let own_reset = if self.landlock_abi == 0 {
                    ", which it could reset itself without Landlock"
                } else {
                    ""
                };
                (
                    false,
                    format!("{reason}; falling back to VmHWM of the child alone{own_reset}"),
                )
            }
        }
    }

    /// Without Landlock, learner code running as uid 0 may open its own
    /// cell's control files and rewrite them.
    fn cgroup_caveat(&self) -> &'static str {
        if self.root && self.landlock_abi == 0 {
            " (but without Landlock, learner code as uid 0 could rewrite its cell's files)"
        } else {
            ""
        }
    }

    fn limit_lines(&self, out: &mut Vec<Protection>) {
        let (a, d): (bool, String) = if self.root {
            match &self.pids {
                Some(_) => (
                    true,
                    "root ignores RLIMIT_NPROC: the cgroup pids.max holds".into(),
                ),
                None => (
                    false,
                    "root ignores RLIMIT_NPROC and no pids cgroup is writable".into(),
                ),
            }
        } else if self.user_namespace {
            (
                true,
                "RLIMIT_NPROC inside a new user namespace counts only the job's processes".into(),
            )
        } else {
            (
                self.pids.is_some(),
                "RLIMIT_NPROC counts every process of this user, so it is set high; \
                 only a pids cgroup would cap a job"
                    .into(),
            )
        };
        push(out, "process cap", a, d);
        push(
            out,
            "rlimits",
            true,
            "RLIMIT_AS, RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_CORE=0, RLIMIT_NPROC",
        );
    }

    fn isolation_lines(&self, out: &mut Vec<Protection>) {
        self.namespace_lines(out);
        let abi = self.landlock_abi;
        let landlock = |min: i32, what: &str| -> (bool, String) {
            if abi >= min {
                (true, format!("{what} (ABI {abi})"))
            } else if abi == 0 {
                (false, why(&self.why_not.landlock))
            } else {
                (
                    false,
                    format!("needs Landlock ABI {min}, the kernel has {abi}"),
                )
            }
        };
        let (a, d) = landlock(
            1,
            "read the Python prefix, the course's site-packages and system libraries, read/write only the scratch folder",
        );
        push(out, "landlock files", a, d);
        let (a, d) = landlock(4, "no TCP bind or connect");
        push(out, "landlock TCP", a, d);
        let (a, d) = landlock(
            6,
            "no signals to, nor abstract unix sockets of, processes outside the sandbox",
        );
        push(out, "landlock scopes", a, d);
        let seccomp = if self.seccomp {
            "no connect/bind/listen/sendmsg/sendto-with-address, chmod, utime, xattrs, io_uring, \
             namespaces, keyrings, SysV IPC, ptrace, or rlimits/priorities of other processes"
                .into()
        } else {
            why(&self.why_not.seccomp)
        };
        push(out, "seccomp filter", self.seccomp, seccomp);
        let caps = if self.root {
            "every capability dropped, bounding set emptied, SECBIT_NOROOT locked"
        } else {
            "none held; none gained inside the user namespace either"
        };
        push(out, "capabilities", true, caps);
        push(
            out,
            "no_new_privs + parent death",
            true,
            "PR_SET_NO_NEW_PRIVS; PR_SET_PDEATHSIG(SIGKILL)",
        );
    }

    fn namespace_lines(&self, out: &mut Vec<Protection>) {
        let net = if self.use_net_namespace {
            "each child gets an empty network namespace (loopback down)".into()
        } else if self.net_namespace {
            "available, not used: Landlock TCP rules and the seccomp filter already cut \
             the network, for 0.5 ms less per child"
                .into()
        } else {
            why(&self.why_not.namespaces)
        };
        push(out, "network namespace", self.use_net_namespace, net);
        if !self.root {
            let user = if self.user_namespace {
                "each child gets a user namespace mapping only its own uid".into()
            } else {
                why(&self.why_not.namespaces)
            };
            push(out, "user namespace", self.user_namespace, user);
        }
    }
}

fn push(out: &mut Vec<Protection>, name: &'static str, active: bool, detail: impl Into<String>) {
    out.push(Protection {
        name,
        active,
        detail: detail.into(),
    });
}

/// "V1 under <dir>" for a mount, or why there is none.
fn mount_line(
    mount: &Option<CgroupMount>,
    why_not: &Option<Unavailable>,
    what: &str,
) -> (bool, String) {
    match mount {
        Some(m) => (
            true,
            format!("{what}, {:?} under {}", m.version, m.dir.display()),
        ),
        None => (false, why(why_not)),
    }
}

fn why(why_not: &Option<Unavailable>) -> String {
    why_not
        .as_ref()
        .map_or_else(|| "not probed".to_owned(), ToString::to_string)
}
