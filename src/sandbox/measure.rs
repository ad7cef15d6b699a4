//! Per-process measurements from `/proc`, for where a cell has no cgroup
//! to measure (no writable `cpuacct`/v2 hierarchy, no memory controller).
//! The zygote reads them for a child's pid; they are the kernel's numbers,
//! but each covers one process only (not its children, nor threads that
//! already exited, for CPU time), and a learner without Landlock could
//! reset its own peak through `/proc/self/clear_refs`.

use std::fs;
use std::path::PathBuf;

use super::error::SandboxError;

/// CPU time of a live process, in nanoseconds: the sum over its threads of
/// the first field of `/proc/<pid>/task/<tid>/schedstat` (time spent on a
/// CPU). Threads that exited are no longer counted. None if the process is
/// gone or the kernel has no schedstat (`CONFIG_SCHED_INFO`).
pub fn process_cpu_time_ns(pid: i32) -> Option<u64> {
    let tasks = fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = 0u64;
    let mut any = false;
    for task in tasks.flatten() {
        // A thread may exit while being listed: skip it.
        let Ok(text) = fs::read_to_string(task.path().join("schedstat")) else {
            continue;
        };
        total = total.saturating_add(schedstat_run_ns(&text)?);
        any = true;
    }
    any.then_some(total)
}

/// Resident memory of a live process now, in bytes (`VmRSS`).
pub fn process_rss_bytes(pid: i32) -> Option<u64> {
    status_kib(
        &fs::read_to_string(format!("/proc/{pid}/status")).ok()?,
        "VmRSS",
    )
    .map(|kib| kib.saturating_mul(1024))
}

/// The most resident memory a live process held at once since it started
/// or since [`reset_peak_rss`], in bytes (`VmHWM`).
pub fn process_peak_rss_bytes(pid: i32) -> Option<u64> {
    status_kib(
        &fs::read_to_string(format!("/proc/{pid}/status")).ok()?,
        "VmHWM",
    )
    .map(|kib| kib.saturating_mul(1024))
}

/// Reset a process's `VmHWM` to its current RSS (writes 5 to
/// `/proc/<pid>/clear_refs`).
pub fn reset_peak_rss(pid: i32) -> Result<(), SandboxError> {
    let path = PathBuf::from(format!("/proc/{pid}/clear_refs"));
    fs::write(&path, "5").map_err(|source| SandboxError::Proc {
        action: "write",
        path,
        source,
    })
}

/// The first field of a schedstat line: "run_ns wait_ns timeslices".
fn schedstat_run_ns(text: &str) -> Option<u64> {
    text.split_whitespace().next()?.parse().ok()
}

/// A "Key:   123 kB" line of `/proc/<pid>/status`, in KiB.
fn status_kib(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix(key)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schedstat_and_status() {
        assert_eq!(schedstat_run_ns("73007 1200 3\n"), Some(73_007));
        assert_eq!(schedstat_run_ns(""), None);
        let status = "Name:\tpython3\nVmPeak:\t  20000 kB\nVmHWM:\t    9876 kB\nVmRSS:\t    5432 kB\nThreads:\t1\n";
        assert_eq!(status_kib(status, "VmRSS"), Some(5432));
        assert_eq!(status_kib(status, "VmHWM"), Some(9876));
        assert_eq!(status_kib(status, "VmSwap"), None);
        // A key that is a prefix of another is not confused with it.
        assert_eq!(status_kib("VmRSSx:\t1 kB\n", "VmRSS"), None);
    }

    #[test]
    fn measures_this_process() {
        let pid = std::process::id() as i32;
        let before = process_cpu_time_ns(pid).expect("schedstat of this process");
        let mut x = 0u64;
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_millis(30) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let after = process_cpu_time_ns(pid).expect("schedstat of this process");
        assert!(after > before, "{before} -> {after}");
        let rss = process_rss_bytes(pid).expect("VmRSS");
        let peak = process_peak_rss_bytes(pid).expect("VmHWM");
        assert!(rss > 1 << 20 && peak >= rss, "rss {rss}, peak {peak}");
        assert_eq!(process_cpu_time_ns(-5), None);
        assert_eq!(process_rss_bytes(i32::MAX), None);
    }
}
