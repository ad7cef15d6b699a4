//! A child's rlimits (soft = hard, so learner code cannot raise them back),
//! from its [`Limits`], and `SIGXFSZ` ignored.

use std::io;

use super::error::SandboxError;
use super::host::Host;
use super::limits::Limits;

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
    if unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) } == libc::SIG_ERR {
        return Err(SandboxError::Signal {
            which: "SIGXFSZ",
            source: io::Error::last_os_error(),
        });
    }
    limit_malloc_arenas();
    Ok(())
}

/// Each thread may otherwise reserve a 64 MiB malloc arena, which under
/// RLIMIT_AS turns a few threads into a spurious MemoryError.
fn limit_malloc_arenas() {
    #[cfg(target_env = "gnu")]
    {
        // The result (1 = accepted) is ignored on purpose: glibc accepts
        // M_ARENA_MAX for any positive value, and were it ever refused,
        // threads would only meet MemoryError sooner, never escape a limit.
        // SAFETY: mallopt only tunes the allocator; the child is
        // single-threaded.
        let _ = unsafe { libc::mallopt(libc::M_ARENA_MAX, 2) };
    }
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
