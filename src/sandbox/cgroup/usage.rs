//! What a cell's processes used, read by the zygote from the kernel's
//! counters (never from the child, which could lie): cumulative CPU time,
//! memory now, and memory at peak since the last reset.
//!
//! All of it counts every process that ever ran in the cell, exited ones
//! included, and nothing else: the zygote's pages a child shares
//! copy-on-write stay charged where they were. Memory is counted in pages
//! as the kernel charges them (v1 batches charges: expect steps of up to
//! 256 KiB), so compare in megabytes, not kilobytes.

use std::fs::OpenOptions;
use std::os::unix::fs::FileExt;

use super::cell::Cell;
use super::control::{read_file, write_file};
use super::parse;
use crate::sandbox::error::SandboxError;
use crate::sandbox::host::CgroupVersion;

impl Cell {
    /// Cumulative CPU time (user + system) of every process that ever ran
    /// in the cell, in nanoseconds: v1 `cpuacct.usage`, or v2 `cpu.stat`
    /// `usage_usec` × 1000. None where the host has neither, or the file
    /// cannot be read (see
    /// `sandbox::measure::process_cpu_time_ns` for a per-process fallback).
    /// Take the difference of two readings around what is measured.
    pub fn cpu_time_ns(&self) -> Option<u64> {
        let dir = self.cpu_time.as_ref()?;
        match dir.version {
            CgroupVersion::V1 => parse::single(&read_file(&dir.path.join("cpuacct.usage")).ok()?),
            CgroupVersion::V2 => {
                let stat = read_file(&dir.path.join("cpu.stat")).ok()?;
                parse::keyed(&stat, "usage_usec")?.checked_mul(1000)
            }
        }
    }

    /// Memory charged to the cell now, in bytes (v1 `memory.usage_in_bytes`,
    /// v2 `memory.current`). None without a memory cgroup, or if the file
    /// cannot be read.
    pub fn memory_current_bytes(&self) -> Option<u64> {
        let dir = self.memory.as_ref()?;
        let file = match dir.version {
            CgroupVersion::V1 => "memory.usage_in_bytes",
            CgroupVersion::V2 => "memory.current",
        };
        parse::single(&read_file(&dir.path.join(file)).ok()?)
    }

    /// The most memory charged to the cell at once since it was made or
    /// since the last [`Cell::reset_memory_peak`], in bytes (v1
    /// `memory.max_usage_in_bytes`, v2 `memory.peak`). None where the host
    /// cannot reset a peak (`Host::memory_peak`: a peak since the cell was
    /// made would mix cases), or if the file cannot be read. See `sandbox::measure::process_peak_rss_bytes`
    /// for a per-process fallback.
    pub fn memory_peak_bytes(&self) -> Option<u64> {
        let dir = self.memory.as_ref().filter(|_| self.memory_peak)?;
        match (dir.version, self.peak_fd.get()) {
            (CgroupVersion::V1, _) => {
                parse::single(&read_file(&dir.path.join("memory.max_usage_in_bytes")).ok()?)
            }
            (CgroupVersion::V2, Some(fd)) => {
                let mut buf = [0u8; 32];
                let n = fd.read_at(&mut buf, 0).ok()?;
                parse::single(std::str::from_utf8(&buf[..n]).ok()?)
            }
            (CgroupVersion::V2, None) => {
                parse::single(&read_file(&dir.path.join("memory.peak")).ok()?)
            }
        }
    }

    /// Make the peak equal to the memory charged now, so that the next
    /// [`Cell::memory_peak_bytes`] reports the peak of what runs in
    /// between: v1 writes 0 to `memory.max_usage_in_bytes`; v2 writes to
    /// `memory.peak` (Linux 6.12+), a reset that holds for reads through the
    /// same descriptor, which the cell keeps from then on.
    pub fn reset_memory_peak(&self) -> Result<(), SandboxError> {
        let Some(dir) = self.memory.as_ref().filter(|_| self.memory_peak) else {
            return Err(SandboxError::Unsupported {
                what: "resettable memory peak",
            });
        };
        if dir.version == CgroupVersion::V1 {
            return write_file(&dir.path.join("memory.max_usage_in_bytes"), "0");
        }
        let path = dir.path.join("memory.peak");
        let fail = |source| SandboxError::Cgroup {
            action: "reset",
            path: path.clone(),
            source,
        };
        let reset = |fd: &std::fs::File| fd.write_at(b"reset", 0).map(drop).map_err(fail);
        if let Some(fd) = self.peak_fd.get() {
            return reset(fd);
        }
        let fd = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .map_err(fail)?;
        reset(&fd)?;
        // Another thread may have set a descriptor first: the reset must
        // then go through that one, which reads will use.
        match self.peak_fd.set(fd) {
            Ok(()) => Ok(()),
            Err(_) => self.peak_fd.get().map_or(Ok(()), reset),
        }
    }
}
