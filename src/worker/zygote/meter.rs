//! Measuring a case from outside its process (SPEC §4: a measurement that
//! decides a case cannot be lowered from inside the learner's process).
//! A measured case runs alone in a fresh child and cell. The zygote reads
//! a baseline once the child is sandboxed and waiting for `go`, with no
//! learner code running yet, and the figures again when the case's result
//! arrives, while the child waits for `go` again: nothing after the case
//! (its next case, its exit) is counted.
//!
//! The cell's counters cover every process of the case; where the machine
//! has none, the child process's own counters stand in (see `grade doctor`).

use nix::unistd::Pid;

use crate::sandbox::{measure, Cell};

/// What the kernel said before the case started.
#[derive(Debug, Clone, Copy)]
pub struct Baseline {
    cpu: Source,
    memory: Source,
    cpu_ns: u64,
    memory_bytes: u64,
}

/// Where a figure is read: the cell, or the child process alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Cell,
    Process,
}

/// CPU time and memory growth of the case since the baseline.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    pub cpu_ns: u64,
    pub peak_bytes: u64,
}

/// Reads the baseline, resetting the kernel's peak so that it measures the
/// case alone. None when this machine offers no way to measure.
pub fn baseline(pid: Pid, cell: &Cell) -> Option<Baseline> {
    let pid = pid.as_raw();
    let (cpu, cpu_ns) = match cell.cpu_time_ns() {
        Some(ns) => (Source::Cell, ns),
        None => (Source::Process, measure::process_cpu_time_ns(pid)?),
    };
    let cell_memory = cell
        .reset_memory_peak()
        .ok()
        .and_then(|()| cell.memory_current_bytes());
    let (memory, memory_bytes) = match cell_memory {
        Some(bytes) => (Source::Cell, bytes),
        None => {
            measure::reset_peak_rss(pid).ok()?;
            (Source::Process, measure::process_rss_bytes(pid)?)
        }
    };
    Some(Baseline {
        cpu,
        memory,
        cpu_ns,
        memory_bytes,
    })
}

pub fn measure(pid: Pid, cell: &Cell, baseline: &Baseline) -> Option<Figures> {
    let pid = pid.as_raw();
    let cpu_ns = match baseline.cpu {
        Source::Cell => cell.cpu_time_ns()?,
        Source::Process => measure::process_cpu_time_ns(pid)?,
    };
    let peak = match baseline.memory {
        Source::Cell => cell.memory_peak_bytes()?,
        Source::Process => measure::process_peak_rss_bytes(pid)?,
    };
    Some(Figures {
        cpu_ns: cpu_ns.saturating_sub(baseline.cpu_ns),
        peak_bytes: peak.saturating_sub(baseline.memory_bytes),
    })
}
