//! The two kinds of "no" this module gives: [`SandboxError`], a step the
//! machine was found to support that then failed (loud: the child must not
//! run learner code), and [`Unavailable`], why a mechanism is missing on
//! this machine (quiet: the sandbox degrades and `grade doctor` says why).
//! Both name the step and the file or system call concerned.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

/// A sandbox step that the machine was found to support failed.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A cgroup directory or control file could not be created, written,
    /// read or removed.
    #[error("cgroup: cannot {action} `{path}`: {source}")]
    Cgroup {
        /// What was being done ("create", "write", "remove", ...).
        action: &'static str,
        /// The cgroup directory or control file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A file under `/proc` could not be read or written.
    #[error("proc: cannot {action} `{path}`: {source}")]
    Proc {
        /// What was being done ("write", ...).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// This cell has no cgroup for what was asked (the host lacks the
    /// controller, or it cannot do that operation).
    #[error("cgroup: this cell has no {what}")]
    Unsupported {
        /// What is missing ("resettable memory peak", ...).
        what: &'static str,
    },
    /// Processes other than the one kept were still listed in a cell after
    /// repeated SIGKILLs.
    #[error("cgroup: {} process(es) still in `{path}` after SIGKILL: {pids:?}", pids.len())]
    Survivors {
        /// The cgroup directory.
        path: PathBuf,
        /// The pids still listed.
        pids: Vec<i32>,
    },
    /// A process of a cell could not be sent SIGKILL.
    #[error("cannot kill pid {pid}: {source}")]
    Kill {
        /// The process.
        pid: i32,
        /// The underlying error.
        source: io::Error,
    },
    /// A namespace could not be entered or set up.
    #[error("namespace: {what} failed: {source}")]
    Namespace {
        /// The step ("unshare(CLONE_NEWNET)", "write /proc/self/uid_map", ...).
        what: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// A resource limit could not be set.
    #[error("rlimit: setrlimit({which}) failed: {source}")]
    Rlimit {
        /// The limit's name (`RLIMIT_AS`, ...).
        which: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// A signal disposition could not be changed.
    #[error("signal: cannot ignore {which}: {source}")]
    Signal {
        /// The signal's name (`SIGXFSZ`).
        which: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// A `prctl` or capability call failed.
    #[error("privileges: {what} failed: {source}")]
    Privileges {
        /// The call (`PR_SET_PDEATHSIG`, `capset`, ...).
        what: &'static str,
        /// The underlying error.
        source: io::Error,
    },
    /// The zygote died before the child could arrange to die with it.
    #[error("the parent (pid {expected}) is gone: the child's parent is now pid {actual}")]
    ParentGone {
        /// The zygote's pid, recorded by `Host::detect`.
        expected: i32,
        /// The parent the child has now.
        actual: i32,
    },
    /// A path the Landlock rules need could not be opened.
    #[error("landlock: cannot open `{path}`: {source}")]
    LandlockPath {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The Landlock crate refused to build or enforce the ruleset.
    #[error("landlock: {0}")]
    Landlock(#[from] landlock::RulesetError),
    /// The kernel enforced less Landlock than the host reported it could.
    #[error("landlock: the kernel reports ABI {abi} but the ruleset is {status}")]
    LandlockWeaker {
        /// The ABI `Host::detect` found.
        abi: i32,
        /// What `restrict_self` reported ("PartiallyEnforced", ...).
        status: &'static str,
    },
    /// Landlock did not set `PR_SET_NO_NEW_PRIVS`.
    #[error("landlock: PR_SET_NO_NEW_PRIVS was not set")]
    NoNewPrivsUnset,
    /// The seccomp filter could not be installed.
    #[error("seccomp: cannot install the filter: {0}")]
    Seccomp(io::Error),
}

/// Why a mechanism is not available on this machine: kept in the
/// [`super::Host`] and printed by `grade doctor`.
///
/// `io::Error`s are shared (`Arc`) so that the host stays `Clone`.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Unavailable {
    /// A file describing the process or the machine could not be read.
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        /// The file (`/proc/self/cgroup`, ...).
        path: PathBuf,
        /// The underlying error.
        source: Arc<io::Error>,
    },
    /// No mounted v1 hierarchy carries the controller.
    #[error("no v1 {controller} hierarchy is mounted")]
    NoV1Hierarchy {
        /// The controller (`pids`, `memory`, `cpu`, `cpuacct`).
        controller: &'static str,
    },
    /// No cgroup v2 hierarchy is mounted.
    #[error("no cgroup v2 hierarchy is mounted")]
    NoV2Hierarchy,
    /// A cgroup could not be created where this process lives.
    #[error("cannot create a cgroup under `{dir}`: {source}")]
    NotWritable {
        /// The process's own cgroup directory in that hierarchy.
        dir: PathBuf,
        /// The underlying error.
        source: Arc<io::Error>,
    },
    /// The v2 controller is not enabled for the children of this process's
    /// cgroup.
    #[error("the {controller} controller is not enabled in `{}/cgroup.subtree_control`", dir.display())]
    NotDelegated {
        /// The controller.
        controller: &'static str,
        /// The process's own v2 cgroup directory.
        dir: PathBuf,
    },
    /// A child cgroup lacks a control file (an older kernel).
    #[error("a cgroup under `{}` has no `{file}` (kernel too old?)", dir.display())]
    MissingFile {
        /// The directory the probe cgroup was made in.
        dir: PathBuf,
        /// The control file.
        file: &'static str,
    },
    /// Writing a control file of a probe cgroup failed.
    #[error("writing `{file}` of a cgroup under `{}` failed: {source}", dir.display())]
    Refused {
        /// The directory the probe cgroup was made in.
        dir: PathBuf,
        /// The control file.
        file: &'static str,
        /// The underlying error.
        source: Arc<io::Error>,
    },
    /// Neither a v1 nor the v2 hierarchy offers the mechanism.
    #[error("{v1}; {v2}")]
    Neither {
        /// Why not v1.
        v1: Box<Unavailable>,
        /// Why not v2.
        v2: Box<Unavailable>,
    },
    /// The kernel answered no Landlock ABI.
    #[error("the kernel has no Landlock, or it is disabled at boot")]
    NoLandlock,
    /// A probing system call failed.
    #[error("{call}: {source}")]
    Syscall {
        /// The call (`prctl(PR_GET_SECCOMP)`, `fork`, ...).
        call: &'static str,
        /// The underlying error.
        source: Arc<io::Error>,
    },
    /// A step of the namespace probe child failed.
    #[error("{step} failed ({errno}) in a probe child")]
    ProbeStep {
        /// The step (`unshare`, `write /proc/self/uid_map`, ...).
        step: &'static str,
        /// The errno's name.
        errno: &'static str,
    },
    /// The namespace probe child did not exit normally.
    #[error("the namespace probe child did not exit normally (wait status {0:#x})")]
    ProbeDied(i32),
    /// Not probed, because something else already covers it.
    #[error("not used: {0}")]
    NotNeeded(&'static str),
}

impl Unavailable {
    /// An [`Unavailable::Syscall`] from the thread's last OS error.
    pub(super) fn last_os_error(call: &'static str) -> Unavailable {
        Unavailable::Syscall {
            call,
            source: Arc::new(io::Error::last_os_error()),
        }
    }
}
