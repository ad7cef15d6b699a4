//! What the machine offers a sandbox: root or not, writable cgroups (v1 or
//! v2, with or without `cgroup.kill`), the Landlock ABI, seccomp, user and
//! network namespaces. Probed once by the zygote; [`Host::protections`]
//! turns it into the lines `grade doctor` prints.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::cgroup;
use super::namespaces;

/// Which cgroup hierarchy a [`CgroupMount`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CgroupVersion {
    /// A legacy (v1) hierarchy with one controller (`pids` or `memory`).
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

/// What this machine offers, found by [`Host::detect`] in the zygote.
///
/// Each `Option` / `bool` says whether a protection is available; the reason
/// why one is not is kept for [`Host::protections`].
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
    /// Where cells get a memory limit (v1 `memory`, or v2 `memory.max`).
    pub memory: Option<CgroupMount>,
    /// Where cells get `cgroup.kill` (v2 only).
    pub kill: Option<CgroupMount>,
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
    /// Why unavailable protections are unavailable, by protection name.
    reasons: Vec<(&'static str, String)>,
}

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

const PIDS: &str = "cgroup pids.max (fork bombs)";
const MEMORY: &str = "cgroup memory limit (all processes of a job)";
const KILL: &str = "cgroup kill (setsid escapees)";
const NETNS: &str = "network namespace";
const USERNS: &str = "user namespace";
const SECCOMP: &str = "seccomp filter";
const LANDLOCK: &str = "landlock";

impl Host {
    /// Probe the machine. Cheap (well under a few ms): reads a few /proc
    /// files, creates and removes one probe cgroup per hierarchy, asks the
    /// kernel for its Landlock ABI and forks one short-lived child to try
    /// the namespaces. Also removes cells left behind by zygotes that died.
    ///
    /// Must run in the zygote itself: its pid is recorded as the parent
    /// every sandboxed child checks for.
    pub fn detect() -> Host {
        // SAFETY: plain syscalls without arguments.
        let (zygote_pid, root) = unsafe { (libc::getpid(), libc::geteuid() == 0) };
        let mut host = Host {
            zygote_pid,
            root,
            pids: None,
            memory: None,
            kill: None,
            landlock_abi: 0,
            seccomp: false,
            net_namespace: false,
            use_net_namespace: false,
            user_namespace: false,
            reasons: Vec::new(),
        };
        host.detect_cgroups();
        host.landlock_abi = landlock_abi();
        if host.landlock_abi <= 0 {
            host.landlock_abi = 0;
            host.note(
                LANDLOCK,
                "the kernel has no Landlock or it is disabled at boot",
            );
        }
        match seccomp_available() {
            Ok(()) => host.seccomp = true,
            Err(e) => host.note(SECCOMP, format!("prctl(PR_GET_SECCOMP): {e}")),
        }
        // A network namespace per child costs about 0.5 ms of CPU, and more
        // in the kernel's deferred teardown, which falls behind at hundreds
        // of children a second. Where Landlock denies TCP and the seccomp
        // filter denies connect/bind/listen/sendto/sendmsg, it adds nothing;
        // as root it is then not even probed (the probe forks: ms at start).
        let network_cut = host.landlock_abi >= 4 && host.seccomp;
        if root && network_cut {
            host.note(
                NETNS,
                "not used: Landlock TCP rules and the seccomp filter already cut the network",
            );
            return host;
        }
        match namespaces::probe(root) {
            Ok(()) => {
                host.net_namespace = true;
                host.user_namespace = !root;
            }
            Err(why) if root => host.note(NETNS, why),
            Err(why) => {
                host.note(NETNS, why.clone());
                host.note(USERNS, why);
            }
        }
        host.use_net_namespace = host.net_namespace && !network_cut;
        host
    }

    fn note(&mut self, name: &'static str, why: impl Into<String>) {
        self.reasons.push((name, why.into()));
    }

    fn reason(&self, name: &str) -> String {
        self.reasons
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, why)| why.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn detect_cgroups(&mut self) {
        let (mounts, membership) = match (
            fs::read_to_string("/proc/self/mountinfo"),
            fs::read_to_string("/proc/self/cgroup"),
        ) {
            (Ok(m), Ok(c)) => (m, c),
            (Err(e), _) | (_, Err(e)) => {
                for name in [PIDS, MEMORY, KILL] {
                    self.note(name, format!("cannot read /proc/self: {e}"));
                }
                return;
            }
        };
        let v1_pids = own_cgroup_dir(&mounts, &membership, Some("pids"));
        let v1_memory = own_cgroup_dir(&mounts, &membership, Some("memory"));
        let v2 = own_cgroup_dir(&mounts, &membership, None);

        // What a child cgroup of the v2 directory gets: cgroup.kill always
        // (since Linux 5.14), pids.max / memory.max when the controllers are
        // enabled for children.
        let v2_files = match &v2 {
            Some(dir) => probe_child(dir, &["cgroup.kill", "pids.max", "memory.max"]),
            None => Err("no cgroup v2 hierarchy is mounted".to_owned()),
        };
        let v2_has = |i: usize| {
            v2_files
                .as_ref()
                .map(|found| found[i])
                .map_err(String::clone)
        };
        let (v2_kill, v2_pids, v2_memory) = (v2_has(0), v2_has(1), v2_has(2));

        match (&v1_pids, &v2_pids) {
            (Some(dir), _) if probe_child(dir, &["pids.max"]) == Ok(vec![true]) => {
                self.pids = Some(CgroupMount {
                    version: CgroupVersion::V1,
                    dir: dir.clone(),
                });
            }
            (_, Ok(true)) => {
                self.pids = Some(CgroupMount {
                    version: CgroupVersion::V2,
                    dir: v2.clone().unwrap_or_default(),
                });
            }
            (v1, v2) => self.note(PIDS, why_not("pids", v1, v2)),
        }
        match (&v1_memory, &v2_memory) {
            (Some(dir), _) if probe_child(dir, &["memory.limit_in_bytes"]) == Ok(vec![true]) => {
                self.memory = Some(CgroupMount {
                    version: CgroupVersion::V1,
                    dir: dir.clone(),
                });
            }
            (_, Ok(true)) => {
                self.memory = Some(CgroupMount {
                    version: CgroupVersion::V2,
                    dir: v2.clone().unwrap_or_default(),
                });
            }
            (v1, v2) => self.note(MEMORY, why_not("memory", v1, v2)),
        }
        match v2_kill {
            Ok(true) => {
                self.kill = Some(CgroupMount {
                    version: CgroupVersion::V2,
                    dir: v2.clone().unwrap_or_default(),
                })
            }
            Ok(false) => self.note(
                KILL,
                "the cgroup v2 hierarchy has no cgroup.kill (Linux < 5.14)",
            ),
            Err(why) => self.note(KILL, why),
        }
        for mount in [&self.pids, &self.memory, &self.kill].into_iter().flatten() {
            cgroup::sweep_stale(&mount.dir);
        }
    }

    /// One line per protection: active or not, and how or why not. This is
    /// what `grade doctor` prints.
    pub fn protections(&self) -> Vec<Protection> {
        let mut out = Vec::new();
        let mut push = |name: &'static str, active: bool, detail: String| {
            out.push(Protection {
                name,
                active,
                detail,
            });
        };
        push(
            "process group",
            true,
            "each child leads its own process group; the zygote kills it at the deadline".into(),
        );
        push(
            "subreaper",
            true,
            "the zygote is a child subreaper: double-forked orphans come back to it to be reaped"
                .into(),
        );
        let cg = |m: &Option<CgroupMount>, name: &str| match m {
            Some(m) => (true, format!("{:?} under {}", m.version, m.dir.display())),
            None => (false, self.reason(name)),
        };
        let (a, d) = cg(&self.pids, PIDS);
        push(PIDS, a, d);
        let (a, d) = cg(&self.memory, MEMORY);
        push(MEMORY, a, d);
        let (a, d) = match &self.kill {
            Some(m) => (true, format!("cgroup.kill under {}", m.dir.display())),
            None => match self.pids.as_ref().or(self.memory.as_ref()) {
                Some(m) => (
                    true,
                    format!(
                        "no cgroup.kill ({}); killing every pid listed in {} until it is empty",
                        self.reason(KILL),
                        m.dir.display()
                    ),
                ),
                None => (false, self.reason(KILL)),
            },
        };
        push(KILL, a, d);
        let (a, d) = if self.root {
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
        push("process cap", a, d);
        push(
            "rlimits",
            true,
            "RLIMIT_AS, RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_CORE=0, RLIMIT_NPROC"
                .into(),
        );
        push(
            NETNS,
            self.use_net_namespace,
            if self.use_net_namespace {
                "each child gets an empty network namespace (loopback down)".into()
            } else if self.net_namespace {
                "available, not used: Landlock TCP rules and the seccomp filter already cut \
                 the network, for 0.5 ms less per child"
                    .into()
            } else {
                self.reason(NETNS)
            },
        );
        if !self.root {
            push(
                USERNS,
                self.user_namespace,
                if self.user_namespace {
                    "each child gets a user namespace mapping only its own uid".into()
                } else {
                    self.reason(USERNS)
                },
            );
        }
        let abi = self.landlock_abi;
        let ll = |min: i32, what: &str| -> (bool, String) {
            if abi >= min {
                (true, format!("{what} (ABI {abi})"))
            } else if abi == 0 {
                (false, self.reason(LANDLOCK))
            } else {
                (
                    false,
                    format!("needs Landlock ABI {min}, the kernel has {abi}"),
                )
            }
        };
        let (a, d) = ll(
            1,
            "read the Python prefix and system libraries, read/write only the scratch folder",
        );
        push("landlock files", a, d);
        let (a, d) = ll(4, "no TCP bind or connect");
        push("landlock TCP", a, d);
        let (a, d) = ll(
            6,
            "no signals to, nor abstract unix sockets of, processes outside the sandbox",
        );
        push("landlock scopes", a, d);
        push(
            SECCOMP,
            self.seccomp,
            if self.seccomp {
                "no connect/bind/listen/sendmsg/sendto-with-address, chmod, utime, xattrs, io_uring, \
                 namespaces, keyrings, SysV IPC, ptrace, or rlimits/priorities of other processes"
                    .into()
            } else {
                self.reason(SECCOMP)
            },
        );
        push(
            "capabilities",
            true,
            if self.root {
                "every capability dropped, bounding set emptied, SECBIT_NOROOT locked".into()
            } else {
                "none held; none gained inside the user namespace either".into()
            },
        );
        push(
            "no_new_privs + parent death",
            true,
            "PR_SET_NO_NEW_PRIVS; PR_SET_PDEATHSIG(SIGKILL)".into(),
        );
        out
    }
}

/// The directory of the calling process's own cgroup in the v1 hierarchy
/// holding `controller`, or in the v2 hierarchy when `controller` is None.
fn own_cgroup_dir(mountinfo: &str, membership: &str, controller: Option<&str>) -> Option<PathBuf> {
    // /proc/self/cgroup: "hierarchy-id:controllers:path"; v2 is "0::path".
    let path = membership.lines().find_map(|line| {
        let mut parts = line.splitn(3, ':');
        let (id, controllers, path) = (parts.next()?, parts.next()?, parts.next()?);
        let wanted = match controller {
            Some(c) => controllers.split(',').any(|x| x == c),
            None => id == "0" && controllers.is_empty(),
        };
        wanted.then_some(path)
    })?;
    // mountinfo: "id parent dev root mountpoint opts [optional...] - fstype source superopts".
    mountinfo.lines().find_map(|line| {
        let (left, right) = line.split_once(" - ")?;
        let left: Vec<&str> = left.split(' ').collect();
        let right: Vec<&str> = right.split(' ').collect();
        let (root, mountpoint) = (*left.get(3)?, *left.get(4)?);
        let (fstype, superopts) = (*right.first()?, *right.get(2)?);
        let matches = match controller {
            Some(c) => fstype == "cgroup" && superopts.split(',').any(|o| o == c),
            None => fstype == "cgroup2",
        };
        if !matches {
            return None;
        }
        // The mount may expose only a subtree (containers): the process's
        // path is then relative to that root.
        let rel = if root == "/" {
            path
        } else {
            path.strip_prefix(root)
                .filter(|r| r.is_empty() || r.starts_with('/'))?
        };
        let mut dir = PathBuf::from(unescape_mountinfo(mountpoint));
        dir.push(rel.trim_start_matches('/'));
        Some(dir)
    })
}

/// mountinfo escapes space, tab, newline and backslash as octal `\NNN`.
fn unescape_mountinfo(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| bytes[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push(
                    d.iter()
                        .fold(0u8, |v, c| v.wrapping_mul(8).wrapping_add(c - b'0')),
                );
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Create a probe child cgroup under `dir`, report which of `files` exist
/// in it, remove it. An error says why `dir` is unusable.
fn probe_child(dir: &Path, files: &[&str]) -> Result<Vec<bool>, String> {
    let probe = dir.join(format!("grade-probe-{}", std::process::id()));
    match fs::create_dir(&probe) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => {
            return Err(format!(
                "cannot create a cgroup under {}: {e}",
                dir.display()
            ))
        }
    }
    let found = files.iter().map(|f| probe.join(f).exists()).collect();
    let _ = fs::remove_dir(&probe);
    Ok(found)
}

fn why_not(controller: &str, v1: &Option<PathBuf>, v2: &Result<bool, String>) -> String {
    let v1 = match v1 {
        Some(dir) => format!(
            "v1 {controller} hierarchy at {} is not writable",
            dir.display()
        ),
        None => format!("no v1 {controller} hierarchy"),
    };
    let v2 = match v2 {
        Ok(false) => format!("the {controller} controller is not enabled for v2 children"),
        Ok(true) => String::new(),
        Err(why) => why.clone(),
    };
    format!("{v1}; {v2}")
}

/// The kernel's Landlock ABI version, or a negative value without Landlock.
fn landlock_abi() -> i32 {
    const LANDLOCK_CREATE_RULESET_VERSION: libc::c_uint = 1;
    // SAFETY: the documented way to query the ABI: null attributes, size 0.
    let v = unsafe {
        libc::syscall(
            libc::SYS_landlock_create_ruleset,
            std::ptr::null::<libc::c_void>(),
            0usize,
            LANDLOCK_CREATE_RULESET_VERSION,
        )
    };
    i32::try_from(v).unwrap_or(-1)
}

fn seccomp_available() -> io::Result<()> {
    // SAFETY: PR_GET_SECCOMP takes no argument; EINVAL means no seccomp. A
    // process already under a filter (a container) may still add one.
    let r = unsafe { libc::prctl(libc::PR_GET_SECCOMP) };
    if r < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
30 23 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
35 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 30 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
42 30 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
50 23 0:40 /docker/abc /sys/fs/cgroup/cpu\\040x rw,relatime - cgroup cgroup rw,cpu";

    const MEMBERSHIP: &str = "\
8:pids:/
5:cpu:/docker/abc/inner
4:memory:/process_api/fd37
0::/user.slice";

    #[test]
    fn finds_own_cgroup_per_hierarchy() {
        let dir = |c| own_cgroup_dir(MOUNTINFO, MEMBERSHIP, c);
        assert_eq!(
            dir(Some("pids")),
            Some(PathBuf::from("/sys/fs/cgroup/pids/"))
        );
        assert_eq!(
            dir(Some("memory")),
            Some(PathBuf::from("/sys/fs/cgroup/memory/process_api/fd37"))
        );
        assert_eq!(
            dir(None),
            Some(PathBuf::from("/sys/fs/cgroup/unified/user.slice"))
        );
        // A mount exposing only a subtree, with an escaped space.
        assert_eq!(
            dir(Some("cpu")),
            Some(PathBuf::from("/sys/fs/cgroup/cpu x/inner"))
        );
        assert_eq!(dir(Some("freezer")), None);
    }

    #[test]
    fn unescapes_mountinfo_octal() {
        assert_eq!(unescape_mountinfo("a\\040b\\134c"), "a b\\c");
        assert_eq!(unescape_mountinfo("trailing\\04"), "trailing\\04");
    }
}
