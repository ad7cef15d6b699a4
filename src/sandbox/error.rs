//! Why a cell could not be made or a child could not be confined: each error
//! names the step and the file or system call that failed.

use std::io;
use std::path::PathBuf;

/// A sandbox step that the machine was found to support failed.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A cgroup directory or control file could not be created, written or
    /// removed.
    #[error("cgroup: cannot {action} `{path}`: {source}")]
    Cgroup {
        /// What was being done ("create", "write", "remove", ...).
        action: &'static str,
        /// The cgroup directory or control file.
        path: PathBuf,
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
    /// Landlock refused the ruleset or enforced less than the host supports.
    #[error("landlock: {0}")]
    Landlock(String),
    /// The seccomp filter could not be installed.
    #[error("seccomp: cannot install the filter: {0}")]
    Seccomp(io::Error),
}
