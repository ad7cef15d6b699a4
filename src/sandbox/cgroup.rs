//! Cells: the cgroups of one job, created by the zygote before `fork()`,
//! joined by the child in [`super::enter`], killed as one (setsid escapees
//! included) and removed when the [`Cell`] is dropped.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::detect::{CgroupVersion, Host};
use super::error::SandboxError;
use super::limits::Limits;

/// The cgroups of one job (one per usable hierarchy), or none where the
/// machine has no writable cgroups: then [`Cell::kill`] does nothing and the
/// engine's process-group kill is all there is.
#[derive(Debug)]
pub struct Cell {
    /// Every directory this cell created, each removed on drop.
    dirs: Vec<PathBuf>,
    /// The directory holding `pids.max`, and its hierarchy's version.
    pids: Option<(CgroupVersion, PathBuf)>,
    /// The directory holding the memory limit, and its hierarchy's version.
    memory: Option<(CgroupVersion, PathBuf)>,
    /// The v2 directory holding `cgroup.kill`.
    kill: Option<PathBuf>,
    /// Set once the directories are gone.
    removed: bool,
}

impl Host {
    /// Create the cgroups of job `id` (named `grade-<zygote pid>-<id>` in each
    /// usable hierarchy). Call in the zygote before forking the job's child.
    /// On a machine without writable cgroups the cell is empty.
    pub fn new_cell(&self, id: u64) -> Result<Cell, SandboxError> {
        let name = format!("grade-{}-{id}", self.zygote_pid);
        let mut cell = Cell {
            dirs: Vec::new(),
            pids: None,
            memory: None,
            kill: None,
            removed: false,
        };
        let mut make = |base: &Path| -> Result<PathBuf, SandboxError> {
            let dir = base.join(&name);
            if !cell.dirs.contains(&dir) {
                match fs::create_dir(&dir) {
                    Ok(()) => {}
                    // A cell of a dead zygote that had the same pid: empty it
                    // and take it over.
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => kill_all(&dir),
                    Err(source) => {
                        return Err(SandboxError::Cgroup {
                            action: "create",
                            path: dir,
                            source,
                        })
                    }
                }
                cell.dirs.push(dir.clone());
            }
            Ok(dir)
        };
        // On error the partly built cell is dropped, which removes what it made.
        let pids = self
            .pids
            .as_ref()
            .map(|m| make(&m.dir).map(|d| (m.version, d)))
            .transpose()?;
        let memory = self
            .memory
            .as_ref()
            .map(|m| make(&m.dir).map(|d| (m.version, d)))
            .transpose()?;
        let kill = self.kill.as_ref().map(|m| make(&m.dir)).transpose()?;
        cell.pids = pids;
        cell.memory = memory;
        cell.kill = kill;
        Ok(cell)
    }
}

/// Whether this process already moved into its cell (per process: a forked
/// child starts with the zygote's false).
static ADMITTED: AtomicBool = AtomicBool::new(false);

impl Cell {
    /// In the child, ahead of its job: cap the cell's processes and move the
    /// calling process into every cgroup of the cell. A cgroup v1 move waits
    /// for an RCU grace period (milliseconds), which is why a spare child
    /// does it while it waits for a job rather than on the critical path.
    pub fn admit(&self) -> Result<(), SandboxError> {
        if let Some((version, dir)) = &self.pids {
            let file = match version {
                CgroupVersion::V1 | CgroupVersion::V2 => "pids.max",
            };
            write_file(&dir.join(file), &Limits::default().processes.to_string())?;
        }
        for dir in &self.dirs {
            write_file(&dir.join("cgroup.procs"), "0")?;
        }
        ADMITTED.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// In the child: write the cell's limits, then move the calling process
    /// into every cgroup of the cell unless [`Cell::admit`] did.
    pub(super) fn join(&self, limits: &Limits) -> Result<(), SandboxError> {
        if let Some((version, dir)) = &self.pids {
            let file = match version {
                CgroupVersion::V1 | CgroupVersion::V2 => "pids.max",
            };
            write_file(&dir.join(file), &limits.processes.to_string())?;
        }
        if let Some((version, dir)) = &self.memory {
            let file = match version {
                CgroupVersion::V1 => "memory.limit_in_bytes",
                CgroupVersion::V2 => "memory.max",
            };
            write_file(&dir.join(file), &cell_memory_bytes(limits).to_string())?;
        }
        if !ADMITTED.load(Ordering::Relaxed) {
            for dir in &self.dirs {
                write_file(&dir.join("cgroup.procs"), "0")?;
            }
        }
        Ok(())
    }

    /// Kill every process in the cell, wherever it moved in the process tree
    /// (`setsid` daemons included): v2 `cgroup.kill`, or, without it, SIGKILL
    /// to every pid the cell lists until it lists none. Does nothing for an
    /// empty cell. The killed processes still have to be reaped.
    pub fn kill(&self) {
        if let Some(dir) = &self.kill {
            if write_file(&dir.join("cgroup.kill"), "1").is_ok() {
                return;
            }
        }
        if let Some(dir) = self.dirs.first() {
            kill_all(dir);
        }
    }

    /// Whether any process is still in the cell. Reading the list does not
    /// wait for the cgroup lock, unlike [`Cell::kill`].
    pub fn is_occupied(&self) -> bool {
        self.dirs
            .first()
            .is_some_and(|dir| !list_procs(dir).is_empty())
    }

    /// How many times the kernel's OOM killer struck inside the cell's memory
    /// cgroup: non-zero means the job died of the cell's memory limit (a
    /// `memory` verdict), not of a crash.
    pub fn oom_kills(&self) -> u64 {
        let Some((version, dir)) = &self.memory else {
            return 0;
        };
        let file = match version {
            CgroupVersion::V1 => "memory.oom_control",
            CgroupVersion::V2 => "memory.events",
        };
        fs::read_to_string(dir.join(file))
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("oom_kill ")?.trim().parse().ok())
            })
            .unwrap_or(0)
    }

    fn remove_dirs(&mut self) -> Result<(), SandboxError> {
        if self.removed || self.dirs.is_empty() {
            self.removed = true;
            return Ok(());
        }
        self.kill();
        let mut first_error = None;
        for dir in &self.dirs {
            if let Err(source) = remove_cgroup(dir, Duration::from_secs(1)) {
                first_error.get_or_insert(SandboxError::Cgroup {
                    action: "remove",
                    path: dir.clone(),
                    source,
                });
            }
        }
        self.removed = true;
        first_error.map_or(Ok(()), Err)
    }
}

impl Drop for Cell {
    fn drop(&mut self) {
        let _ = self.remove_dirs();
    }
}

/// The cell's memory cap: twice one process's address-space limit. A single
/// process meets `RLIMIT_AS` first (a clean `MemoryError`); this is the
/// backstop for many processes together, enforced by the OOM killer. Only
/// pages the job touches count (not the zygote's, shared copy-on-write).
fn cell_memory_bytes(limits: &Limits) -> u64 {
    limits.memory_mb.saturating_mul(2 << 20)
}

fn write_file(path: &Path, value: &str) -> Result<(), SandboxError> {
    OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| f.write_all(value.as_bytes()))
        .map_err(|source| SandboxError::Cgroup {
            action: "write",
            path: path.to_owned(),
            source,
        })
}

fn list_procs(dir: &Path) -> Vec<i32> {
    fs::read_to_string(dir.join("cgroup.procs"))
        .map(|t| t.lines().filter_map(|l| l.trim().parse().ok()).collect())
        .unwrap_or_default()
}

/// SIGKILL every process of a cgroup until it lists none (a forking process
/// may add one between a read and the kills; its pids cap bounds that).
fn kill_all(dir: &Path) {
    if write_file(&dir.join("cgroup.kill"), "1").is_ok() {
        return;
    }
    for _ in 0..100 {
        let pids = list_procs(dir);
        if pids.is_empty() {
            return;
        }
        for pid in pids {
            // SAFETY: kill(2) on a pid read from the cgroup; never 0 or -1.
            if pid > 0 {
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        }
    }
}

/// rmdir a cgroup, retrying while killed processes are still leaving it.
fn remove_cgroup(dir: &Path, patience: Duration) -> io::Result<()> {
    let start = Instant::now();
    let mut pause = Duration::from_micros(20);
    loop {
        match fs::remove_dir(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) if e.raw_os_error() == Some(libc::EBUSY) && start.elapsed() < patience => {
                kill_all(dir);
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Remove the cells (and probes) that zygotes now dead left under `base`.
pub(super) fn sweep_stale(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix("grade-")) else {
            continue;
        };
        let owner = rest.strip_prefix("probe-").unwrap_or(rest);
        let Some(pid) = owner.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        // SAFETY: signal 0 only checks that the pid exists.
        let alive = pid > 0
            && (unsafe { libc::kill(pid, 0) } == 0
                || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH));
        if !alive {
            let _ = remove_cgroup(&entry.path(), Duration::from_millis(100));
        }
    }
}
