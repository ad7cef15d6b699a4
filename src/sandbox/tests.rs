//! Tests against the real kernel: cells made in this machine's cgroups,
//! children forked into them, the zygote-side counters read around what
//! the children do. Each test skips (saying why) where the machine lacks
//! what it needs: root, writable cgroups, the controller concerned.
//!
//! Children are forked from the multi-threaded test harness: they only
//! make system calls and `mmap` (no allocation before `_exit`, except
//! where noted: glibc's fork resets the allocator's locks) and always
//! leave through `_exit`, never back into the harness.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::*;

/// Cell ids unique within this test process (cells are named after its pid).
fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1_000_000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// This machine's host, if it offers what `wanted` checks; else None, after
/// printing why the test is skipped.
fn host_offering(test: &str, wanted: impl Fn(&Host) -> Result<(), &'static str>) -> Option<Host> {
    let host = Host::probe();
    let missing = if host.root {
        wanted(&host)
    } else {
        Err("not running as root")
    };
    match missing {
        Ok(()) => Some(host),
        Err(why) => {
            eprintln!("skipped {test}: {why}");
            None
        }
    }
}

/// Fork a child that runs `body` and exits with its code (101 if it
/// panicked); the parent gets the pid and its end of a socket pair whose
/// other end `body` gets.
fn fork_child(body: impl FnOnce(&mut UnixStream) -> i32) -> (i32, UnixStream) {
    let (parent_end, mut child_end) = UnixStream::pair().expect("socketpair");
    parent_end
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    // SAFETY: the child runs `body`, which only makes system calls (see
    // the module comment), and leaves through _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork: {}", std::io::Error::last_os_error());
    if pid == 0 {
        drop(parent_end);
        let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| body(&mut child_end)))
            .unwrap_or(101);
        // SAFETY: leave without running the harness's destructors.
        unsafe { libc::_exit(code) };
    }
    drop(child_end);
    (pid, parent_end)
}

/// Wait for a byte from the other end.
fn wait_for(stream: &mut UnixStream) {
    let mut byte = [0u8];
    stream
        .read_exact(&mut byte)
        .expect("a byte from the other end");
}

fn signal(stream: &mut UnixStream) {
    stream.write_all(b"!").expect("a byte to the other end");
}

/// The exit code of `pid`, killing it after 10 s.
fn reap(pid: i32) -> i32 {
    let start = Instant::now();
    loop {
        let mut status = 0;
        // SAFETY: waiting for our own child, into a local.
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        assert!(r >= 0, "waitpid: {}", std::io::Error::last_os_error());
        if r == pid {
            return if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                -libc::WTERMSIG(status)
            };
        }
        if start.elapsed() > Duration::from_secs(10) {
            // SAFETY: our own child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Touch `bytes` of fresh anonymous memory (mmap: no allocator involved).
fn touch_memory(bytes: usize) {
    // SAFETY: a private anonymous mapping, written within its length and
    // never unmapped (the child exits soon).
    unsafe {
        let p = libc::mmap(
            std::ptr::null_mut(),
            bytes,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(p, libc::MAP_FAILED);
        std::ptr::write_bytes(p.cast::<u8>(), 1, bytes);
    }
}

/// Spin until this process has used `cpu` of CPU time, or `wall` passed.
fn spin(cpu: Duration, wall: Duration) {
    let start = Instant::now();
    let mut x = 0u64;
    while process_cpu() < cpu && start.elapsed() < wall {
        for _ in 0..10_000 {
            x = std::hint::black_box(x.wrapping_add(1));
        }
    }
}

fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a pointer to a local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

const MIB: u64 = 1 << 20;

#[test]
fn peak_memory_and_cpu_time_come_from_the_cell() {
    let Some(host) = host_offering("peak_memory_and_cpu_time", |h| {
        match (&h.memory, h.memory_peak, &h.cpu_time) {
            (None, _, _) => Err("no writable memory cgroup"),
            (_, false, _) => Err("no resettable memory peak"),
            (_, _, None) => Err("no cgroup CPU time"),
            _ => Ok(()),
        }
    }) else {
        return;
    };
    let cell = host.new_cell(next_id()).expect("a cell");
    let (pid, mut child) = fork_child(|parent| {
        if cell.join(&Limits::default()).is_err() {
            return 2;
        }
        signal(parent);
        wait_for(parent);
        touch_memory(40 << 20);
        spin(Duration::from_millis(150), Duration::from_secs(3));
        signal(parent);
        wait_for(parent);
        0
    });
    wait_for(&mut child);
    cell.reset_memory_peak().expect("reset the peak");
    let base = cell.memory_peak_bytes().expect("a peak");
    let cpu_before = cell.cpu_time_ns().expect("CPU time");
    signal(&mut child);
    wait_for(&mut child);
    let peak = cell.memory_peak_bytes().expect("a peak");
    let current = cell.memory_current_bytes().expect("memory now");
    let cpu_after = cell.cpu_time_ns().expect("CPU time");
    signal(&mut child);
    assert_eq!(reap(pid), 0);

    let grown = peak.saturating_sub(base);
    assert!(
        (38 * MIB..80 * MIB).contains(&grown),
        "peak {peak} - baseline {base} = {grown} bytes for 40 MiB touched"
    );
    assert!(current >= 38 * MIB, "{current} bytes charged while held");
    let spent = Duration::from_nanos(cpu_after - cpu_before);
    assert!(
        spent >= Duration::from_millis(100) && spent < Duration::from_secs(2),
        "{spent:?} of CPU for a 150 ms spin"
    );
    // The dead child's time stays counted.
    assert!(cell.cpu_time_ns().expect("CPU time") >= cpu_after);
}

#[test]
fn the_cpu_cap_holds_a_spinning_child() {
    let Some(host) = host_offering("the_cpu_cap_holds", |h| match (&h.cpu, &h.cpu_time) {
        (None, _) => Err("no writable cpu cgroup"),
        (_, None) => Err("no cgroup CPU time"),
        _ => Ok(()),
    }) else {
        return;
    };
    let cell = host.new_cell(next_id()).expect("a cell");
    let limits = Limits {
        cpu_percent: 20,
        ..Limits::default()
    };
    let (pid, _child) = fork_child(|_| {
        if cell.join(&limits).is_err() {
            return 2;
        }
        spin(Duration::from_secs(10), Duration::from_millis(500));
        0
    });
    assert_eq!(reap(pid), 0);
    let spent = Duration::from_nanos(cell.cpu_time_ns().expect("CPU time"));
    // 20% of 500 ms is 100 ms; a quota period's slack on top.
    assert!(
        spent > Duration::from_millis(10) && spent < Duration::from_millis(250),
        "{spent:?} of CPU in 500 ms under a 20% cap"
    );
}

#[test]
fn kill_except_spares_only_the_kept_process() {
    let Some(host) = host_offering("kill_except", |h| match h.cgroup_mounts().next() {
        Some(_) => Ok(()),
        None => Err("no writable cgroup"),
    }) else {
        return;
    };
    let cell = host.new_cell(next_id()).expect("a cell");
    let (pid, mut child) = fork_child(|parent| {
        if cell.join(&Limits::default()).is_err() {
            return 2;
        }
        for _ in 0..3 {
            // SAFETY: plain syscalls; the grandchild only sleeps until
            // killed, in its own session like a daemon.
            match unsafe { libc::fork() } {
                // SAFETY: in the forked grandchild: plain syscalls only.
                0 => unsafe {
                    libc::setsid();
                    loop {
                        libc::pause();
                    }
                },
                n if n < 0 => return 3,
                _ => {}
            }
        }
        signal(parent);
        // Never reaps: the killed grandchildren stay zombies, as they would
        // under learner code.
        loop {
            // SAFETY: plain syscall.
            unsafe { libc::pause() };
        }
    });
    wait_for(&mut child);
    let listed = cell.processes();
    assert_eq!(listed.len(), 4, "{listed:?}");
    assert!(listed.contains(&pid));
    let start = Instant::now();
    cell.kill_except(pid).expect("kill the others");
    assert!(start.elapsed() < Duration::from_millis(500));
    assert_eq!(cell.processes(), vec![pid]);
    for grandchild in listed.iter().filter(|&&p| p != pid) {
        assert_eq!(state(*grandchild), Some('Z'), "grandchild {grandchild}");
    }
    assert_eq!(state(pid).map(|s| s == 'Z'), Some(false), "the kept child");
    cell.try_kill().expect("kill the child");
    assert_eq!(reap(pid), -libc::SIGKILL);
    assert!(!cell.is_occupied());
}

/// The state letter of a process (`R`, `S`, `Z`, ...), None once reaped.
fn state(pid: i32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

#[test]
fn an_open_procs_descriptor_still_reads_inside_the_sandbox() {
    let Some(host) = host_offering("open_procs", |h| match h.cgroup_mounts().next() {
        None => Err("no writable cgroup"),
        Some(_) if h.landlock_abi == 0 || !h.seccomp => Err("no Landlock or no seccomp"),
        Some(_) => Ok(()),
    }) else {
        return;
    };
    let cell = host.new_cell(next_id()).expect("a cell");
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let policy = Policy {
        scratch: scratch.path(),
        read_only: &[],
        // The test harness's address space is far above the default.
        limits: Limits {
            memory_mb: 64 << 10,
            ..Limits::default()
        },
    };
    // This child allocates (Landlock rules, the pid lists): glibc's fork
    // leaves the allocator usable in it.
    let (pid, _child) = fork_child(|_| {
        let Some(procs) = cell.open_procs() else {
            return 2;
        };
        if enter(&host, &cell, &policy).is_err() {
            return 3;
        }
        // Landlock is on: opening the file again is refused.
        if std::fs::File::open("/proc/self/status").is_ok() {
            return 4;
        }
        // SAFETY: plain syscall; the grandchild only sleeps until killed.
        let grandchild = match unsafe { libc::fork() } {
            0 => loop {
                // SAFETY: plain syscall.
                unsafe { libc::pause() };
            },
            n => n,
        };
        // SAFETY: plain syscall.
        let me = unsafe { libc::getpid() };
        let mut both = vec![me, grandchild];
        both.sort_unstable();
        let Ok(mut seen) = read_procs(&procs) else {
            return 5;
        };
        seen.sort_unstable();
        if seen != both {
            return 6;
        }
        // SAFETY: our own child, killed and reaped.
        unsafe {
            libc::kill(grandchild, libc::SIGKILL);
            libc::waitpid(grandchild, std::ptr::null_mut(), 0);
        }
        match read_procs(&procs) {
            Ok(seen) if seen == vec![me] => 0,
            _ => 7,
        }
    });
    assert_eq!(reap(pid), 0, "see the child's exit codes above");
}

#[test]
fn doctor_names_every_protection_on_a_bare_host() {
    let host = Host::bare(1, true);
    let protections = host.protections();
    for name in [
        "cgroup CPU cap (one learner cannot slow another)",
        "kernel CPU time (max_ratio)",
        "kernel memory peak (max_peak_kb)",
        "leftover-process cleanup",
        "cgroup pids.max (fork bombs)",
        "landlock files",
    ] {
        let line = protections
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no line for {name}"));
        assert!(!line.active, "{name} active on a bare host");
        assert!(!line.detail.is_empty(), "{name} says nothing");
    }
    // This machine's own answer, whatever it is, names them too.
    let names: Vec<_> = Host::probe()
        .protections()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(names.contains(&"leftover-process cleanup"), "{names:?}");
}
