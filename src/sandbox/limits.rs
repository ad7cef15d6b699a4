//! Resource limits of a child: what [`Limits`] holds and how it becomes
//! rlimits (soft = hard, so learner code cannot raise them back).

use std::io;

use super::detect::Host;
use super::error::SandboxError;

/// Resource limits of one child and everything it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Address space of each process, in MiB (`RLIMIT_AS`), which turns a
    /// memory bomb into `MemoryError`. It counts the interpreter inherited
    /// from the zygote too: the engine passes that baseline plus the
    /// exercise's `memory_mb`. The cell's memory cgroup, where there is one,
    /// holds the job's processes together to twice this.
    pub memory_mb: u64,
    /// CPU time per process, in seconds (`RLIMIT_CPU`: SIGXCPU at the limit,
    /// SIGKILL one second later). A backstop: the wall deadline is the
    /// engine's.
    pub cpu_seconds: u64,
    /// Largest file the child may write, in bytes (`RLIMIT_FSIZE`). `SIGXFSZ`
    /// is ignored, so going over is an `OSError` (EFBIG), not a kill.
    pub file_size_bytes: u64,
    /// Most descriptors open at once (`RLIMIT_NOFILE`).
    pub open_files: u64,
    /// Most processes and threads of the job at once: the cell's
    /// `pids.max`, and `RLIMIT_NPROC` where it holds (not for root).
    pub processes: u64,
}

impl Default for Limits {
    /// 256 MiB (SPEC's default `memory_mb`), 10 s of CPU, 64 MiB files, 256
    /// descriptors, 64 processes and threads.
    fn default() -> Limits {
        Limits {
            memory_mb: 256,
            cpu_seconds: 10,
            file_size_bytes: 64 << 20,
            open_files: 256,
            processes: 64,
        }
    }
}

/// Set every rlimit of `limits` on the calling process.
pub(super) fn apply(host: &Host, limits: &Limits) -> Result<(), SandboxError> {
    let address_space = limits.memory_mb.saturating_mul(1 << 20);
    set("RLIMIT_AS", libc::RLIMIT_AS, address_space, address_space)?;
    set(
        "RLIMIT_CPU",
        libc::RLIMIT_CPU,
        limits.cpu_seconds,
        limits.cpu_seconds.saturating_add(1),
    )?;
    set(
        "RLIMIT_FSIZE",
        libc::RLIMIT_FSIZE,
        limits.file_size_bytes,
        limits.file_size_bytes,
    )?;
    set(
        "RLIMIT_NOFILE",
        libc::RLIMIT_NOFILE,
        limits.open_files,
        limits.open_files,
    )?;
    set("RLIMIT_CORE", libc::RLIMIT_CORE, 0, 0)?;
    // RLIMIT_NPROC counts every process of the real uid in the user
    // namespace. Root is exempt from it (the pids cgroup caps root); an
    // ordinary user outside a fresh user namespace would hit it with the
    // processes of their whole session, so it is left alone there.
    if host.root || host.user_namespace {
        set(
            "RLIMIT_NPROC",
            libc::RLIMIT_NPROC,
            limits.processes,
            limits.processes,
        )?;
    }
    // SAFETY: installing SIG_IGN for a signal is always sound.
    unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    // Each thread may otherwise reserve a 64 MiB malloc arena, which under
    // RLIMIT_AS turns a few threads into a spurious MemoryError.
    #[cfg(target_env = "gnu")]
    // SAFETY: mallopt only tunes the allocator; the child is single-threaded.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
    Ok(())
}

#[cfg(target_env = "gnu")]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(target_env = "gnu"))]
type Resource = libc::c_int;

/// Set a limit, never above the hard limit already in force (which an
/// ordinary user could not raise).
fn set(which: &'static str, resource: Resource, soft: u64, hard: u64) -> Result<(), SandboxError> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid resource and a pointer to writable rlimit storage.
    if unsafe { libc::getrlimit(resource, &mut current) } != 0 {
        return Err(SandboxError::Rlimit {
            which,
            source: io::Error::last_os_error(),
        });
    }
    let ceiling = current.rlim_max;
    let hard = (hard as libc::rlim_t).min(ceiling);
    let limit = libc::rlimit {
        rlim_cur: (soft as libc::rlim_t).min(hard),
        rlim_max: hard,
    };
    // SAFETY: a valid resource and a pointer to an initialised rlimit.
    if unsafe { libc::setrlimit(resource, &limit) } != 0 {
        return Err(SandboxError::Rlimit {
            which,
            source: io::Error::last_os_error(),
        });
    }
    Ok(())
}
