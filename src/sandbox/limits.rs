//! Resource limits of a child, as plain data: [`Limits`]. `rlimits.rs`
//! turns them into rlimits, the cell (`cgroup/cell.rs`) into cgroup limits.

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
    /// CPU share of the job's processes together, in percent of one core
    /// (100 = one core, 50 = half of one, 200 = two), enforced by the cell's
    /// CPU cgroup where the host has one (`Host::cpu`), so that one learner's
    /// load cannot slow another's. 0 = no cap.
    pub cpu_percent: u32,
}

impl Default for Limits {
    /// 256 MiB (SPEC's default `memory_mb`), 10 s of CPU, 64 MiB files, 256
    /// descriptors, 64 processes and threads, one core.
    fn default() -> Limits {
        Limits {
            memory_mb: 256,
            cpu_seconds: 10,
            file_size_bytes: 64 << 20,
            open_files: 256,
            processes: 64,
            cpu_percent: 100,
        }
    }
}
