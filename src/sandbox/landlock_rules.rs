//! The child's Landlock domain: what it may read (the Python prefix, the
//! system libraries its extension modules load), the only place it may
//! write (its scratch folder, plus /dev/null and friends), no TCP, and
//! scopes so that it can neither signal nor reach abstract unix sockets of
//! anything outside its own domain. Also sets `PR_SET_NO_NEW_PRIVS`.

use std::io;
use std::path::Path;

use landlock::{
    Access, AccessFs, AccessNet, BitFlags, PathBeneath, PathFd, Ruleset, RulesetAttr,
    RulesetCreatedAttr, RulesetStatus, Scope, ABI,
};

use super::error::{SandboxError, Unavailable};
use super::host::Host;
use crate::python::PYTHON_HOME;

/// The newest ABI these rules were tested with; the crate downgrades them
/// on older kernels (best effort), and `restrict` checks the outcome
/// against what the host reported.
const TESTED: ABI = ABI::V7;

/// Read (and map, and execute) only: the libraries CPython's extension
/// modules load (`_sqlite3` → libsqlite3, `_ctypes` → libffi, `_ssl`,
/// `_hashlib` → libcrypto, ...), the loader's cache and time zones. Missing
/// entries (e.g. /lib64 on arm64) are skipped.
const SYSTEM_READ: &[&str] = &[
    "/usr/lib",
    "/lib",
    "/lib64",
    "/usr/lib64",
    "/lib32",
    "/usr/lib32",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/usr/share/zoneinfo",
];

/// Devices the child may open for reading and writing.
const DEVICES: &[&str] = &["/dev/null", "/dev/zero", "/dev/urandom", "/dev/random"];

/// The kernel's Landlock ABI version (1 and up).
pub(super) fn probe() -> Result<i32, Unavailable> {
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
    // -1 with ENOSYS (not built in) or EOPNOTSUPP (disabled at boot).
    match i32::try_from(v) {
        Ok(abi) if abi > 0 => Ok(abi),
        _ => Err(Unavailable::NoLandlock),
    }
}

/// Confine the calling process to its files, no TCP and its own scopes, and
/// set `PR_SET_NO_NEW_PRIVS` (alone, where the host has no Landlock).
pub(super) fn restrict(
    host: &Host,
    scratch: &Path,
    read_only: &[std::path::PathBuf],
) -> Result<(), SandboxError> {
    if host.landlock_abi == 0 {
        return no_new_privs();
    }
    let read = AccessFs::from_read(TESTED);
    let all = AccessFs::from_all(TESTED);
    let device =
        (AccessFs::ReadFile | AccessFs::WriteFile | AccessFs::Truncate | AccessFs::IoctlDev)
            & AccessFs::from_file(TESTED);

    let mut ruleset = Ruleset::default()
        .handle_access(all)?
        .handle_access(AccessNet::from_all(TESTED))?
        .scope(Scope::from_all(TESTED))?
        .create()?;
    // With no rule for TCP ports, every bind and connect is denied.
    let rules = [(Path::new(PYTHON_HOME), read, true)]
        .into_iter()
        .chain(SYSTEM_READ.iter().map(|p| (Path::new(*p), read, false)))
        .chain(DEVICES.iter().map(|p| (Path::new(*p), device, false)))
        .chain(read_only.iter().map(|p| (p.as_path(), read, true)))
        .chain([(scratch, all, true)]);
    for (path, access, required) in rules {
        if let Some(rule) = rule(path, access, required)? {
            ruleset = ruleset.add_rule(rule)?;
        }
    }
    let status = ruleset.restrict_self()?;

    // Loud failure if the kernel enforced less than it said it could.
    let expected_full = host.landlock_abi >= TESTED as i32;
    let weaker = match status.ruleset {
        RulesetStatus::FullyEnforced => None,
        RulesetStatus::PartiallyEnforced if !expected_full => None,
        RulesetStatus::PartiallyEnforced => Some("PartiallyEnforced"),
        RulesetStatus::NotEnforced => Some("NotEnforced"),
    };
    if let Some(status) = weaker {
        return Err(SandboxError::LandlockWeaker {
            abi: host.landlock_abi,
            status,
        });
    }
    if !status.no_new_privs {
        return Err(SandboxError::NoNewPrivsUnset);
    }
    Ok(())
}

/// A rule allowing `access` beneath `path` (a directory) or on it (a file:
/// the directory-only rights are left out); None for a missing path that is
/// not `required`.
fn rule(
    path: &Path,
    access: BitFlags<AccessFs>,
    required: bool,
) -> Result<Option<PathBeneath<PathFd>>, SandboxError> {
    let fail = |source| SandboxError::LandlockPath {
        path: path.to_owned(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => return Err(fail(e)),
    };
    let access = if meta.is_dir() {
        access
    } else {
        access & AccessFs::from_file(TESTED)
    };
    let fd = PathFd::new(path).map_err(|e| fail(io::Error::other(e)))?;
    Ok(Some(PathBeneath::new(fd, access)))
}

fn no_new_privs() -> Result<(), SandboxError> {
    // SAFETY: prctl with integer arguments only.
    if unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) } != 0 {
        return Err(SandboxError::Privileges {
            what: "prctl(PR_SET_NO_NEW_PRIVS)",
            source: io::Error::last_os_error(),
        });
    }
    Ok(())
}
