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

use super::error::{SandboxError, Unavailable};
use super::host::Host;

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

/// Calls denied outright, on every architecture.
const DENIED: &[i64] = &[
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

/// Older calls only x86_64 still has, denied too.
#[cfg(target_arch = "x86_64")]
const DENIED_LEGACY: &[i64] = &[
    libc::SYS_chmod,
    libc::SYS_utime,
    libc::SYS_utimes,
    libc::SYS_futimesat,
];
#[cfg(not(target_arch = "x86_64"))]
const DENIED_LEGACY: &[i64] = &[];

/// Calls denied outright.
fn denied() -> Vec<i64> {
    DENIED.iter().chain(DENIED_LEGACY).copied().collect()
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

/// What the filter does with one system call number.
#[derive(Debug, Clone)]
enum Action {
    /// Return this errno.
    Deny(u32),
    /// Allow only when every 32-bit argument word at these offsets is 0.
    UnlessZero(Vec<u32>),
    /// Allow unless the low word of the first argument has one of these
    /// flags.
    UnlessFlags(u32),
}

impl Action {
    /// The code of the action; every path through it returns.
    fn code(&self) -> Vec<libc::sock_filter> {
        let eperm = errno(libc::EPERM);
        match self {
            Action::Deny(err) => vec![stmt(RET_K, *err)],
            Action::UnlessZero(offsets) => {
                let n = offsets.len() as u8;
                let mut code = Vec::new();
                for (i, offset) in offsets.iter().enumerate() {
                    let i = i as u8;
                    code.push(stmt(LD_W_ABS, *offset));
                    // Not zero: jump to the final RET (errno).
                    code.push(jump(JEQ_K, 0, 0, 2 * n - 2 * i - 1));
                }
                code.push(stmt(RET_K, ALLOW));
                code.push(stmt(RET_K, eperm));
                code
            }
            Action::UnlessFlags(mask) => vec![
                stmt(LD_W_ABS, arg_lo(0)),
                jump(JSET_K, *mask, 0, 1),
                stmt(RET_K, eperm),
                stmt(RET_K, ALLOW),
            ],
        }
    }
}

/// Every system call the filter acts on, sorted by number.
fn rules() -> Vec<(u32, Action)> {
    let eperm = errno(libc::EPERM);
    let mut rules: Vec<(u32, Action)> = denied()
        .into_iter()
        .map(|nr| (nr as u32, Action::Deny(eperm)))
        .collect();
    rules.push((libc::SYS_clone3 as u32, Action::Deny(errno(libc::ENOSYS))));
    // sendto(fd, buf, len, flags, dest_addr, addrlen): no destination.
    rules.push((
        libc::SYS_sendto as u32,
        Action::UnlessZero(vec![arg_lo(4), arg_hi(4)]),
    ));
    for (nr, args) in own_process_only() {
        let offsets = args.iter().map(|a| arg_lo(*a)).collect();
        rules.push((nr as u32, Action::UnlessZero(offsets)));
    }
    // clone(flags, ...): no new namespaces.
    rules.push((libc::SYS_clone as u32, Action::UnlessFlags(CLONE_NEW_ANY)));
    rules.sort_by_key(|(nr, _)| *nr);
    rules.dedup_by_key(|(nr, _)| *nr);
    rules
}

/// A binary search over the sorted rules, the syscall number in the
/// accumulator: a few comparisons per call rather than one per rule, which
/// also keeps the kernel's per-filter cache computation (one emulation per
/// syscall number) cheap. Leaves of up to four rules are checked in line;
/// a number no rule names is allowed.
fn search(rules: &[(u32, Action)]) -> Vec<libc::sock_filter> {
    if rules.len() <= 4 {
        let mut code = Vec::new();
        for (nr, action) in rules {
            let body = action.code();
            code.push(jump(JEQ_K, *nr, 0, body.len() as u8));
            code.extend(body);
        }
        code.push(stmt(RET_K, ALLOW));
        return code;
    }
    let mid = rules.len() / 2;
    let below = search(&rules[..mid]);
    let above = search(&rules[mid..]);
    let skip = u8::try_from(below.len()).expect("a seccomp subtree fits a BPF jump");
    let mut code = vec![jump(JGE_K, rules[mid].0, skip, 0)];
    code.extend(below);
    code.extend(above);
    code
}

fn program() -> Vec<libc::sock_filter> {
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
    prog.extend(search(&rules()));
    prog
}

/// Whether this kernel has seccomp filters. A process already under a
/// filter (a container) may still add one.
pub(super) fn probe() -> Result<(), Unavailable> {
    // SAFETY: PR_GET_SECCOMP takes no argument; EINVAL means no seccomp.
    if unsafe { libc::prctl(libc::PR_GET_SECCOMP) } < 0 {
        return Err(Unavailable::last_os_error("prctl(PR_GET_SECCOMP)"));
    }
    Ok(())
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

    /// Run the filter on one call, as the kernel would.
    fn run(prog: &[libc::sock_filter], arch: u32, nr: i64, args: [u64; 6]) -> u32 {
        let mut data = [0u8; 64];
        data[0..4].copy_from_slice(&(nr as u32).to_ne_bytes());
        data[4..8].copy_from_slice(&arch.to_ne_bytes());
        for (i, a) in args.iter().enumerate() {
            data[16 + 8 * i..24 + 8 * i].copy_from_slice(&a.to_ne_bytes());
        }
        let (mut pc, mut acc) = (0usize, 0u32);
        loop {
            let insn = prog[pc];
            pc += 1;
            match insn.code {
                LD_W_ABS => {
                    let at = insn.k as usize;
                    acc = u32::from_ne_bytes(data[at..at + 4].try_into().unwrap());
                }
                RET_K => return insn.k,
                JEQ_K | JGE_K | JSET_K => {
                    let taken = match insn.code {
                        JEQ_K => acc == insn.k,
                        JGE_K => acc >= insn.k,
                        _ => acc & insn.k != 0,
                    };
                    pc += usize::from(if taken { insn.jt } else { insn.jf });
                }
                other => panic!("unexpected opcode {other:#x}"),
            }
        }
    }

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
        assert_eq!(prog.last().map(|i| i.code), Some(RET_K));
    }

    #[test]
    fn decides_like_the_rules_say() {
        let prog = program();
        let eperm = errno(libc::EPERM);
        let call = |nr: i64, args: [u64; 6]| run(&prog, AUDIT_ARCH, nr, args);
        let none = [0; 6];
        assert_eq!(run(&prog, 0x4000_0003, libc::SYS_read, none), KILL);
        for nr in denied() {
            assert_eq!(call(nr, none), eperm, "syscall {nr}");
        }
        for nr in [
            libc::SYS_read,
            libc::SYS_write,
            libc::SYS_openat,
            libc::SYS_mmap,
            libc::SYS_kill,
        ] {
            assert_eq!(call(nr, none), ALLOW, "syscall {nr}");
        }
        assert_eq!(call(libc::SYS_clone3, none), errno(libc::ENOSYS));
        assert_eq!(call(libc::SYS_sendto, none), ALLOW);
        assert_eq!(
            call(libc::SYS_sendto, [3, 0, 0, 0, 0x7fff_0000_1000, 16]),
            eperm
        );
        assert_eq!(call(libc::SYS_sendto, [3, 0, 0, 0, 1 << 40, 16]), eperm);
        assert_eq!(call(libc::SYS_prlimit64, none), ALLOW);
        assert_eq!(call(libc::SYS_prlimit64, [1234, 7, 0, 0, 0, 0]), eperm);
        assert_eq!(call(libc::SYS_setpriority, none), ALLOW);
        assert_eq!(call(libc::SYS_setpriority, [2, 0, 19, 0, 0, 0]), eperm);
        assert_eq!(call(libc::SYS_setpriority, [0, 99, 19, 0, 0, 0]), eperm);
        assert_eq!(
            call(libc::SYS_clone, [libc::SIGCHLD as u64, 0, 0, 0, 0, 0]),
            ALLOW
        );
        assert_eq!(
            call(libc::SYS_clone, [libc::CLONE_NEWUSER as u64, 0, 0, 0, 0, 0]),
            eperm
        );
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            call(0x4000_0000 + libc::SYS_read, none),
            errno(libc::ENOSYS)
        );
    }
}
