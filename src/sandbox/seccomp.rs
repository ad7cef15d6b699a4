//! The child's seccomp filter: it closes what uid 0 without capabilities
//! could still do and neither Landlock (ABI 7) nor the cgroups stop.
//!
//! Denied with EPERM: `connect`, `bind`, `listen` (which would auto-bind a
//! TCP port), `sendmsg`, `sendmmsg` and `sendto` with a destination
//! (pathname unix sockets and UDP, which Landlock does not cover before ABI
//! 9/10): with Landlock's TCP rules, this cuts the network without the cost
//! of a network namespace; `chmod`, `utime` and xattr calls (uid 0 owns the
//! files it can only read); io_uring (it would bypass this filter);
//! `unshare`, `setns` and namespace flags to `clone`; keyrings; SysV IPC
//! and POSIX message queues; `ptrace` and friends; `bpf`,
//! `perf_event_open`, `userfaultfd`, `syslog`; and rlimits, scheduling,
//! priorities or NUMA placement of any process but the caller. `clone3`
//! gets ENOSYS, so that the C library falls back to `clone`, whose flags a
//! filter can read. Everything else is allowed.

use std::io;

use super::detect::Host;
use super::error::SandboxError;

// Classic BPF opcodes (linux/bpf_common.h).
/// BPF_LD | BPF_W | BPF_ABS (BPF_LD and BPF_W are 0).
const LD_W_ABS: u16 = 0x20;
const JEQ_K: u16 = 0x05 | 0x10;
const JGE_K: u16 = 0x05 | 0x30;
const JSET_K: u16 = 0x05 | 0x40;
const RET_K: u16 = 0x06;

// struct seccomp_data offsets.
const NR: u32 = 0;
const ARCH: u32 = 4;
const fn arg_lo(i: u32) -> u32 {
    16 + 8 * i
}
const fn arg_hi(i: u32) -> u32 {
    16 + 8 * i + 4
}

const ALLOW: u32 = 0x7fff_0000;
const KILL: u32 = 0x8000_0000;
const fn errno(e: i32) -> u32 {
    0x0005_0000 | (e as u32 & 0xffff)
}

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xc000_003e;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xc000_00b7;

/// Namespace flags of `clone` (CLONE_NEWNS .. CLONE_NEWNET).
const CLONE_NEW_ANY: u32 =
    0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000 | 0x1000_0000 | 0x2000_0000 | 0x4000_0000;

// Calls added after the C library's headers: numbers shared by every
// architecture since Linux 5.1.
const SYS_IO_URING_SETUP: i64 = 425;
const SYS_IO_URING_ENTER: i64 = 426;
const SYS_IO_URING_REGISTER: i64 = 427;
const SYS_FCHMODAT2: i64 = 452;
const SYS_SETXATTRAT: i64 = 463;
const SYS_REMOVEXATTRAT: i64 = 466;

/// Calls denied outright.
fn denied() -> Vec<i64> {
    let mut calls = vec![
        libc::SYS_connect,
        libc::SYS_bind,
        libc::SYS_listen,
        libc::SYS_sendmsg,
        libc::SYS_sendmmsg,
        libc::SYS_fchmod,
        libc::SYS_fchmodat,
        SYS_FCHMODAT2,
        libc::SYS_utimensat,
        libc::SYS_setxattr,
        libc::SYS_lsetxattr,
        libc::SYS_fsetxattr,
        libc::SYS_removexattr,
        libc::SYS_lremovexattr,
        libc::SYS_fremovexattr,
        SYS_SETXATTRAT,
        SYS_REMOVEXATTRAT,
        SYS_IO_URING_SETUP,
        SYS_IO_URING_ENTER,
        SYS_IO_URING_REGISTER,
        libc::SYS_unshare,
        libc::SYS_setns,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_request_key,
        libc::SYS_shmget,
        libc::SYS_shmat,
        libc::SYS_shmctl,
        libc::SYS_msgget,
        libc::SYS_msgsnd,
        libc::SYS_msgrcv,
        libc::SYS_msgctl,
        libc::SYS_semget,
        libc::SYS_semop,
        libc::SYS_semctl,
        libc::SYS_semtimedop,
        libc::SYS_mq_open,
        libc::SYS_mq_unlink,
        libc::SYS_mq_timedsend,
        libc::SYS_mq_timedreceive,
        libc::SYS_mq_notify,
        libc::SYS_mq_getsetattr,
        libc::SYS_ptrace,
        libc::SYS_process_vm_readv,
        libc::SYS_process_vm_writev,
        libc::SYS_kcmp,
        libc::SYS_bpf,
        libc::SYS_perf_event_open,
        libc::SYS_userfaultfd,
        libc::SYS_syslog,
        libc::SYS_ioprio_set,
    ];
    #[cfg(target_arch = "x86_64")]
    calls.extend([
        libc::SYS_chmod,
        libc::SYS_utime,
        libc::SYS_utimes,
        libc::SYS_futimesat,
    ]);
    calls
}

/// Calls allowed only when every listed 32-bit argument is 0 (the calling
/// process itself).
fn own_process_only() -> Vec<(i64, &'static [u32])> {
    vec![
        (libc::SYS_prlimit64, &[0]),
        (libc::SYS_sched_setaffinity, &[0]),
        (libc::SYS_sched_setscheduler, &[0]),
        (libc::SYS_sched_setparam, &[0]),
        (libc::SYS_sched_setattr, &[0]),
        (libc::SYS_migrate_pages, &[0]),
        (libc::SYS_move_pages, &[0]),
        // setpriority(PRIO_PROCESS, 0, ..) only: not another process, group
        // or user (uid 0 is every process of the machine).
        (libc::SYS_setpriority, &[0, 1]),
    ]
}

fn stmt(code: u16, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code,
        jt: 0,
        jf: 0,
        k,
    }
}

fn jump(code: u16, k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter { code, jt, jf, k }
}

/// Deny `nr` unless every 32-bit word at `offsets` is 0. Leaves the
/// accumulator holding the syscall number when `nr` does not match.
fn deny_unless_zero(prog: &mut Vec<libc::sock_filter>, nr: i64, offsets: &[u32], err: u32) {
    let n = offsets.len() as u8;
    prog.push(jump(JEQ_K, nr as u32, 0, 2 * n + 2));
    for (i, offset) in offsets.iter().enumerate() {
        let i = i as u8;
        prog.push(stmt(LD_W_ABS, *offset));
        prog.push(jump(JEQ_K, 0, 0, 2 * n - 2 * i - 1));
    }
    prog.push(stmt(RET_K, ALLOW));
    prog.push(stmt(RET_K, err));
}

fn program() -> Vec<libc::sock_filter> {
    let eperm = errno(libc::EPERM);
    let mut prog = vec![
        stmt(LD_W_ABS, ARCH),
        jump(JEQ_K, AUDIT_ARCH, 1, 0),
        stmt(RET_K, KILL),
        stmt(LD_W_ABS, NR),
    ];
    #[cfg(target_arch = "x86_64")]
    {
        // x32 numbers (bit 30) reach the same kernel code under other
        // numbers: refuse them all.
        prog.push(jump(JGE_K, 0x4000_0000, 0, 1));
        prog.push(stmt(RET_K, errno(libc::ENOSYS)));
    }
    for nr in denied() {
        prog.push(jump(JEQ_K, nr as u32, 0, 1));
        prog.push(stmt(RET_K, eperm));
    }
    prog.push(jump(JEQ_K, libc::SYS_clone3 as u32, 0, 1));
    prog.push(stmt(RET_K, errno(libc::ENOSYS)));
    // sendto(fd, buf, len, flags, dest_addr, addrlen): no destination.
    deny_unless_zero(&mut prog, libc::SYS_sendto, &[arg_lo(4), arg_hi(4)], eperm);
    for (nr, args) in own_process_only() {
        let offsets: Vec<u32> = args.iter().map(|a| arg_lo(*a)).collect();
        deny_unless_zero(&mut prog, nr, &offsets, eperm);
    }
    // clone(flags, ...): no new namespaces.
    prog.push(jump(JEQ_K, libc::SYS_clone as u32, 0, 4));
    prog.push(stmt(LD_W_ABS, arg_lo(0)));
    prog.push(jump(JSET_K, CLONE_NEW_ANY, 0, 1));
    prog.push(stmt(RET_K, eperm));
    prog.push(stmt(RET_K, ALLOW));
    prog.push(stmt(RET_K, ALLOW));
    prog
}

/// Install the filter on the calling process (inherited by its children).
/// `PR_SET_NO_NEW_PRIVS` is already set by then.
pub(super) fn install(host: &Host) -> Result<(), SandboxError> {
    if !host.seccomp {
        return Ok(());
    }
    let prog = program();
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_ptr() as *mut libc::sock_filter,
    };
    // SAFETY: a valid classic BPF program that outlives the call; the kernel
    // copies it.
    let r = unsafe {
        libc::prctl(
            libc::PR_SET_SECCOMP,
            libc::SECCOMP_MODE_FILTER,
            &fprog as *const libc::sock_fprog,
            0,
            0,
        )
    };
    if r != 0 {
        return Err(SandboxError::Seccomp(io::Error::last_os_error()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_jump_lands_inside_the_program_and_every_path_returns() {
        let prog = program();
        assert!(prog.len() < usize::from(u16::MAX));
        for (i, insn) in prog.iter().enumerate() {
            if insn.code & 0x07 == 0x05 {
                assert!(i + 1 + usize::from(insn.jt) < prog.len(), "jt of {i}");
                assert!(i + 1 + usize::from(insn.jf) < prog.len(), "jf of {i}");
            }
        }
        assert_eq!(prog.last().map(|i| (i.code, i.k)), Some((RET_K, ALLOW)));
    }
}
