//! Process-level hardening of a child: die with the zygote, and give up
//! every capability for good (uid 0 stays, but powerless), plus the
//! zygote's own subreaper flag.

use std::io;

use super::error::SandboxError;
use super::host::Host;

/// `PR_SET_CHILD_SUBREAPER` on the calling process.
pub(super) fn become_subreaper() -> bool {
    // SAFETY: prctl with integer arguments only.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 }
}

/// SIGKILL when the zygote dies, and make sure it has not died already.
pub(super) fn die_with_parent(host: &Host) -> Result<(), SandboxError> {
    // SAFETY: prctl with integer arguments only.
    if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) } != 0 {
        return Err(SandboxError::Privileges {
            what: "prctl(PR_SET_PDEATHSIG)",
            source: io::Error::last_os_error(),
        });
    }
    // SAFETY: getppid cannot fail.
    let parent = unsafe { libc::getppid() };
    if parent != host.zygote_pid {
        return Err(SandboxError::ParentGone {
            expected: host.zygote_pid,
            actual: parent,
        });
    }
    Ok(())
}

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: libc::c_int,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

const LINUX_CAPABILITY_VERSION_3: u32 = 0x2008_0522;

/// Empty the bounding set, lock the securebits that would give capabilities
/// back to uid 0 on exec, clear the ambient set, then empty the permitted,
/// effective and inheritable sets.
pub(super) fn drop_capabilities(host: &Host) -> Result<(), SandboxError> {
    let privileged = host.root || host.user_namespace;
    let fail = |what| SandboxError::Privileges {
        what,
        source: io::Error::last_os_error(),
    };
    if privileged {
        let bits = libc::SECBIT_NOROOT
            | libc::SECBIT_NOROOT_LOCKED
            | libc::SECBIT_NO_SETUID_FIXUP
            | libc::SECBIT_NO_SETUID_FIXUP_LOCKED
            | libc::SECBIT_KEEP_CAPS_LOCKED
            | libc::SECBIT_NO_CAP_AMBIENT_RAISE
            | libc::SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
        // SAFETY: prctl with integer arguments only.
        if unsafe { libc::prctl(libc::PR_SET_SECUREBITS, bits as libc::c_ulong, 0, 0, 0) } != 0 {
            return Err(fail("prctl(PR_SET_SECUREBITS)"));
        }
        for cap in 0..64 {
            // SAFETY: as above; EINVAL marks the end of the kernel's caps.
            if unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap, 0, 0, 0) } != 0 {
                if io::Error::last_os_error().raw_os_error() == Some(libc::EINVAL) {
                    break;
                }
                return Err(fail("prctl(PR_CAPBSET_DROP)"));
            }
        }
    }
    // SAFETY: prctl with integer arguments only.
    let cleared = unsafe {
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        )
    };
    // EINVAL: a kernel without ambient capabilities (< 4.3), which then has
    // none to clear.
    if cleared != 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EINVAL) {
        return Err(fail("prctl(PR_CAP_AMBIENT_CLEAR_ALL)"));
    }
    let mut header = CapHeader {
        version: LINUX_CAPABILITY_VERSION_3,
        pid: 0,
    };
    let data = [CapData::default(); 2];
    // SAFETY: a v3 header and the two data words the v3 ABI reads.
    if unsafe { libc::syscall(libc::SYS_capset, &mut header, data.as_ptr()) } != 0 {
        return Err(fail("capset"));
    }
    Ok(())
}
