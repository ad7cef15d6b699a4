//! Namespaces a child enters: an empty network namespace (no route to
//! anything, loopback down) and, for an ordinary user, a user namespace in
//! which `RLIMIT_NPROC` counts only the job's own processes.

use std::ffi::CString;
use std::io;
use std::sync::Arc;

use super::error::{SandboxError, Unavailable};
use super::host::Host;

/// Try, in a short-lived child, what [`enter`] would do, so that a machine
/// that forbids it (a container's seccomp policy, user namespaces disabled)
/// is known before any job runs. Must be called from a single-threaded
/// process: the child only makes system calls.
pub(super) fn probe(root: bool) -> Result<(), Unavailable> {
    let maps = Maps::new();
    // SAFETY: the zygote is single-threaded; the child below only makes
    // async-signal-safe system calls on data prepared before fork, then
    // _exits.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(Unavailable::last_os_error("fork"));
    }
    if pid == 0 {
        let code = match unshare(root, true, &maps) {
            Ok(()) => 0,
            Err((step, errno)) => 1 + step * 4 + compress(errno),
        };
        // SAFETY: leave the probe child without running destructors.
        unsafe { libc::_exit(code) };
    }
    let status = reap(pid)?;
    match libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)) {
        Some(0) => Ok(()),
        Some(code) => Err(Unavailable::ProbeStep {
            step: STEPS.get(((code - 1) / 4) as usize).copied().unwrap_or("?"),
            errno: match (code - 1) % 4 {
                1 => "EPERM",
                2 => "EINVAL",
                3 => "another error",
                _ => "ENOSYS",
            },
        }),
        None => Err(Unavailable::ProbeDied(status)),
    }
}

/// Wait for the probe child; its wait status.
fn reap(pid: libc::pid_t) -> Result<i32, Unavailable> {
    let mut status = 0;
    loop {
        // SAFETY: reaping the child just forked, into a local.
        if unsafe { libc::waitpid(pid, &mut status, 0) } == pid {
            return Ok(status);
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(Unavailable::Syscall {
                call: "waitpid",
                source: Arc::new(error),
            });
        }
    }
}

const STEPS: [&str; 4] = [
    "unshare",
    "write /proc/self/setgroups",
    "write /proc/self/uid_map",
    "write /proc/self/gid_map",
];

/// The contents of the uid and gid maps of a new user namespace: the
/// caller's own ids, mapped to themselves.
struct Maps {
    uid: CString,
    gid: CString,
}

impl Maps {
    fn new() -> Maps {
        // SAFETY: getuid/getgid cannot fail.
        let (uid, gid) = unsafe { (libc::getuid(), libc::getgid()) };
        // A formatted number holds no NUL: the defaults are never used.
        Maps {
            uid: CString::new(format!("{uid} {uid} 1")).unwrap_or_default(),
            gid: CString::new(format!("{gid} {gid} 1")).unwrap_or_default(),
        }
    }
}

/// Unshare the namespaces; on failure return (step index, errno).
fn unshare(root: bool, net: bool, maps: &Maps) -> Result<(), (i32, i32)> {
    let user = !root;
    let mut flags = 0;
    if net {
        flags |= libc::CLONE_NEWNET;
    }
    if user {
        flags |= libc::CLONE_NEWUSER;
    }
    if flags == 0 {
        return Ok(());
    }
    // SAFETY: unshare takes only flags.
    if unsafe { libc::unshare(flags) } != 0 {
        return Err((0, errno_code()));
    }
    if user {
        write_proc(c"/proc/self/setgroups", c"deny").map_err(|e| (1, e))?;
        write_proc(c"/proc/self/uid_map", &maps.uid).map_err(|e| (2, e))?;
        write_proc(c"/proc/self/gid_map", &maps.gid).map_err(|e| (3, e))?;
    }
    Ok(())
}

fn errno_code() -> i32 {
    io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// An errno squeezed into two bits of the probe's exit code.
fn compress(errno: i32) -> i32 {
    match errno {
        libc::ENOSYS => 0,
        libc::EPERM => 1,
        libc::EINVAL => 2,
        _ => 3,
    }
}

/// open + write + close, without allocating (used after fork); the errno
/// of the first step that failed.
fn write_proc(path: &std::ffi::CStr, value: &std::ffi::CStr) -> Result<(), i32> {
    let bytes = value.to_bytes();
    // SAFETY: a NUL-terminated path and plain flags.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(errno_code());
    }
    // SAFETY: `fd` was just opened; the buffer is valid for its length.
    let written = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
    let write_errno = errno_code();
    // SAFETY: closing the descriptor opened above, once.
    let closed = unsafe { libc::close(fd) };
    if written != bytes.len() as isize {
        // A short write of these few bytes is as much a refusal as -1.
        return Err(if written < 0 { write_errno } else { libc::EIO });
    }
    if closed != 0 {
        return Err(errno_code());
    }
    Ok(())
}

/// In the child: enter the namespaces the host supports.
pub(super) fn enter(host: &Host) -> Result<(), SandboxError> {
    let net = host.use_net_namespace && host.net_namespace;
    let user = !host.root && host.user_namespace;
    if !net && !user {
        return Ok(());
    }
    let maps = Maps::new();
    // As root, no user namespace (it would not make RLIMIT_NPROC hold for
    // uid 0); as an ordinary user, always one when available.
    unshare(!user, net, &maps).map_err(|(step, errno)| SandboxError::Namespace {
        what: match step {
            0 if user => "unshare(CLONE_NEWUSER | CLONE_NEWNET)",
            0 => "unshare(CLONE_NEWNET)",
            _ => STEPS[step as usize],
        },
        source: io::Error::from_raw_os_error(errno),
    })
}
