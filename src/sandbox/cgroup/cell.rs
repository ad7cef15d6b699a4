//! Cells: the cgroups of one job. The zygote makes them ([`Host::new_cell`])
//! before `fork()`; the child moves into them ([`Cell::admit`], or
//! `Cell::join` from `sandbox::enter`) after writing their limits; the
//! zygote kills what is in them ([`Cell::kill`], [`Cell::kill_except`]) and
//! removes them on drop. What a cell used is read in `usage.rs`.

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::control::{read_file, write_file, CPU_PERIOD_US};
use super::parse;
use crate::sandbox::error::SandboxError;
use crate::sandbox::host::{CgroupMount, CgroupVersion, Host};
use crate::sandbox::limits::Limits;

/// One directory of a cell, and its hierarchy's version.
#[derive(Debug, Clone)]
pub(super) struct Dir {
    pub version: CgroupVersion,
    pub path: PathBuf,
}

/// The cgroups of one job (one per hierarchy the host uses), or none where
/// the machine has no writable cgroups: then [`Cell::kill`] does nothing,
/// the measurements are `None`, and the engine's process-group kill and
/// the per-process fallbacks of `sandbox::measure` are all there are.
///
/// A cell may hold a descriptor (see [`Cell::reset_memory_peak`]); like
/// every descriptor of the zygote, a child forked later inherits it, so the
/// child must close what it does not use before running learner code.
#[derive(Debug)]
pub struct Cell {
    /// Every directory this cell created, each removed on drop.
    pub(super) dirs: Vec<PathBuf>,
    /// Holds `pids.max`.
    pub(super) pids: Option<Dir>,
    /// Holds the memory limit, use and peak.
    pub(super) memory: Option<Dir>,
    /// Whether the memory peak can be read and reset.
    pub(super) memory_peak: bool,
    /// v2: the `memory.peak` descriptor a reset was written through (a v2
    /// reset holds only for reads through the same descriptor).
    pub(super) peak_fd: OnceLock<File>,
    /// The v2 directory holding `cgroup.kill`.
    pub(super) kill: Option<PathBuf>,
    /// Holds the CPU cap.
    pub(super) cpu: Option<Dir>,
    /// Holds the cumulative CPU time.
    pub(super) cpu_time: Option<Dir>,
    /// Set once the directories are gone.
    removed: bool,
}

impl Host {
    /// Create the cgroups of job `id` (named `grade-<zygote pid>-<id>` in each
    /// hierarchy the host uses). Call in the zygote before forking the job's
    /// child. On a machine without writable cgroups the cell is empty.
    pub fn new_cell(&self, id: u64) -> Result<Cell, SandboxError> {
        let name = format!("grade-{}-{id}", self.zygote_pid);
        let mut cell = Cell {
            dirs: Vec::new(),
            pids: None,
            memory: None,
            memory_peak: self.memory.is_some() && self.memory_peak,
            peak_fd: OnceLock::new(),
            kill: None,
            cpu: None,
            cpu_time: None,
            removed: false,
        };
        // On error the partly built cell is dropped, which removes what it
        // made.
        cell.pids = cell.make(self.pids.as_ref(), &name)?;
        cell.memory = cell.make(self.memory.as_ref(), &name)?;
        cell.kill = cell.make(self.kill.as_ref(), &name)?.map(|d| d.path);
        cell.cpu = cell.make(self.cpu.as_ref(), &name)?;
        cell.cpu_time = cell.make(self.cpu_time.as_ref(), &name)?;
        Ok(cell)
    }
}

/// Whether this process already moved into its cell (per process: a forked
/// child starts with the zygote's false).
static ADMITTED: AtomicBool = AtomicBool::new(false);

impl Cell {
    /// The cell's directory under `mount`, made unless an earlier role of
    /// the cell (a hierarchy shared by controllers) made it.
    fn make(
        &mut self,
        mount: Option<&CgroupMount>,
        name: &str,
    ) -> Result<Option<Dir>, SandboxError> {
        let Some(mount) = mount else {
            return Ok(None);
        };
        let path = mount.dir.join(name);
        if !self.dirs.contains(&path) {
            match fs::create_dir(&path) {
                Ok(()) => {}
                // A cell of a dead zygote that had the same pid: empty it
                // and take it over.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    kill_listed(&path, None, Duration::from_millis(100))?;
                }
                Err(source) => {
                    return Err(SandboxError::Cgroup {
                        action: "create",
                        path,
                        source,
                    })
                }
            }
            self.dirs.push(path.clone());
        }
        Ok(Some(Dir {
            version: mount.version,
            path,
        }))
    }

    /// In the child, ahead of its job: cap the cell's processes and move the
    /// calling process into every cgroup of the cell. A cgroup v1 move waits
    /// for an RCU grace period (milliseconds), which is why a spare child
    /// does it while it waits for a job rather than on the critical path.
    pub fn admit(&self) -> Result<(), SandboxError> {
        if let Some(dir) = &self.pids {
            write_file(
                &dir.path.join("pids.max"),
                &Limits::default().processes.to_string(),
            )?;
        }
        self.move_here()?;
        ADMITTED.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// In the child: write the cell's limits (`pids.max`, memory, CPU cap),
    /// then move the calling process into every cgroup of the cell unless
    /// [`Cell::admit`] did.
    pub(in crate::sandbox) fn join(&self, limits: &Limits) -> Result<(), SandboxError> {
        self.write_limits(limits)?;
        if !ADMITTED.load(Ordering::Relaxed) {
            self.move_here()?;
        }
        Ok(())
    }

    fn move_here(&self) -> Result<(), SandboxError> {
        self.dirs
            .iter()
            .try_for_each(|dir| write_file(&dir.join("cgroup.procs"), "0"))
    }

    fn write_limits(&self, limits: &Limits) -> Result<(), SandboxError> {
        if let Some(dir) = &self.pids {
            write_file(&dir.path.join("pids.max"), &limits.processes.to_string())?;
        }
        if let Some(dir) = &self.memory {
            let file = match dir.version {
                CgroupVersion::V1 => "memory.limit_in_bytes",
                CgroupVersion::V2 => "memory.max",
            };
            write_file(&dir.path.join(file), &cell_memory_bytes(limits).to_string())?;
        }
        if let Some(dir) = &self.cpu {
            let quota = cpu_quota_us(limits);
            match dir.version {
                CgroupVersion::V1 => {
                    write_file(
                        &dir.path.join("cpu.cfs_period_us"),
                        &CPU_PERIOD_US.to_string(),
                    )?;
                    let quota = quota.map_or_else(|| "-1".to_owned(), |q| q.to_string());
                    write_file(&dir.path.join("cpu.cfs_quota_us"), &quota)?;
                }
                CgroupVersion::V2 => {
                    let quota = quota.map_or_else(|| "max".to_owned(), |q| q.to_string());
                    write_file(
                        &dir.path.join("cpu.max"),
                        &format!("{quota} {CPU_PERIOD_US}"),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Kill every process in the cell, wherever it moved in the process tree
    /// (`setsid` daemons included): v2 `cgroup.kill`, or, without it, SIGKILL
    /// to every pid the cell lists until it lists none. Does nothing for an
    /// empty cell. The killed processes still have to be reaped.
    ///
    /// Errors are dropped here (the zygote has nothing better to do than go
    /// on, and dropping the cell kills again); [`Cell::try_kill`] returns
    /// them.
    pub fn kill(&self) {
        // Ignored on purpose, as documented above.
        let _ = self.try_kill();
    }

    /// [`Cell::kill`], saying what failed.
    pub fn try_kill(&self) -> Result<(), SandboxError> {
        if let Some(dir) = &self.kill {
            if write_file(&dir.join("cgroup.kill"), "1").is_ok() {
                return Ok(());
            }
        }
        match self.procs_dir() {
            Some(dir) => kill_listed(dir, None, Duration::from_secs(1)),
            None => Ok(()),
        }
    }

    /// SIGKILL every process in the cell but `keep` (the job's child, which
    /// goes on to its next case): what a case left behind, `setsid` daemons
    /// included. Re-reads the list until no other process is in it, for up
    /// to a second (a forking process may add one between a read and the
    /// kills; `pids.max` bounds how many). The killed processes still have
    /// to be reaped (by the zygote, their subreaper, or their parent).
    ///
    /// A pid is read, then signalled: were a listed process to exit and be
    /// reaped and its pid reused in between, the signal would reach the new
    /// process. The kernel hands out pids in a cycle over `pid_max`, so that
    /// needs the whole pid space to wrap within microseconds.
    pub fn kill_except(&self, keep: i32) -> Result<(), SandboxError> {
        match self.procs_dir() {
            Some(dir) => kill_listed(dir, Some(keep), Duration::from_secs(1)),
            None => Ok(()),
        }
    }

    /// The pids of the processes now in the cell (empty for an empty cell or
    /// when the list cannot be read).
    pub fn processes(&self) -> Vec<i32> {
        self.procs_dir()
            .and_then(|dir| list_procs(dir).ok())
            .unwrap_or_default()
    }

    /// Whether any process is still in the cell. Reading the list does not
    /// wait for the cgroup lock, unlike [`Cell::kill`].
    pub fn is_occupied(&self) -> bool {
        !self.processes().is_empty()
    }

    /// A read-only descriptor of the cell's `cgroup.procs`, for the child:
    /// opened before `sandbox::enter` (after which Landlock forbids opening
    /// it), and re-read with [`read_procs`] after each case to see whether
    /// the case left processes behind. Reading an open descriptor needs no
    /// new permission, so it still works under Landlock and the seccomp
    /// filter.
    ///
    /// The v2 list is fresh at every read. A v1 list is cached by the kernel
    /// per cgroup for about a second after each read through a descriptor,
    /// so a re-read may miss processes started in that second; the v2
    /// directory is therefore used whenever the cell has one.
    ///
    /// None for an empty cell, or if the file cannot be opened (the child
    /// then cannot tell, and must say so rather than report "none left").
    pub fn open_procs(&self) -> Option<File> {
        File::open(self.procs_dir()?.join("cgroup.procs")).ok()
    }

    /// How many times the kernel's OOM killer struck inside the cell's memory
    /// cgroup: non-zero means the job died of the cell's memory limit (a
    /// `memory` verdict), not of a crash. 0 without a memory cgroup.
    pub fn oom_kills(&self) -> u64 {
        let Some(dir) = &self.memory else {
            return 0;
        };
        let file = match dir.version {
            CgroupVersion::V1 => "memory.oom_control",
            CgroupVersion::V2 => "memory.events",
        };
        read_file(&dir.path.join(file))
            .ok()
            .and_then(|text| parse::keyed(&text, "oom_kill"))
            .unwrap_or(0)
    }

    /// Where the cell's processes are listed: a v2 directory if the cell has
    /// one (fresh at every read, see [`Cell::open_procs`]), else the first.
    fn procs_dir(&self) -> Option<&Path> {
        let roles = [&self.pids, &self.memory, &self.cpu, &self.cpu_time];
        let v2 = roles
            .into_iter()
            .flatten()
            .find(|d| d.version == CgroupVersion::V2)
            .map(|d| d.path.as_path());
        self.kill
            .as_deref()
            .or(v2)
            .or_else(|| self.dirs.first().map(PathBuf::as_path))
    }

    fn remove_dirs(&mut self) -> Result<(), SandboxError> {
        if self.removed || self.dirs.is_empty() {
            self.removed = true;
            return Ok(());
        }
        let mut first_error = self.try_kill().err();
        for dir in &self.dirs {
            if let Err(error) = remove_cgroup(dir, Duration::from_secs(1)) {
                first_error.get_or_insert(error);
            }
        }
        self.removed = true;
        first_error.map_or(Ok(()), Err)
    }
}

impl Drop for Cell {
    fn drop(&mut self) {
        // Ignoring a failure is right: a drop cannot report it, and a cell
        // left behind is named after this zygote, so the stale-cell sweep
        // of the next zygote removes it once this one is gone.
        let _ = self.remove_dirs();
    }
}

/// Re-read a `cgroup.procs` descriptor from [`Cell::open_procs`] from its
/// start (`pread`, so the descriptor's offset does not matter): the pids
/// now in the cell.
pub fn read_procs(file: &File) -> Result<Vec<i32>, SandboxError> {
    let mut text = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = file
            .read_at(&mut buf, text.len() as u64)
            .map_err(|source| SandboxError::Cgroup {
                action: "re-read",
                path: PathBuf::from("cgroup.procs"),
                source,
            })?;
        if n == 0 {
            return Ok(parse::pids(&String::from_utf8_lossy(&text)));
        }
        text.extend_from_slice(&buf[..n]);
    }
}

/// The cell's memory cap: twice one process's address-space limit. A single
/// process meets `RLIMIT_AS` first (a clean `MemoryError`); this is the
/// backstop for many processes together, enforced by the OOM killer. Only
/// pages the job touches count (not the zygote's, shared copy-on-write).
fn cell_memory_bytes(limits: &Limits) -> u64 {
    limits.memory_mb.saturating_mul(2 << 20)
}

/// The CFS quota per [`CPU_PERIOD_US`] for `limits.cpu_percent` (None: no
/// cap). The kernel's minimum quota is 1 ms.
fn cpu_quota_us(limits: &Limits) -> Option<u64> {
    match limits.cpu_percent {
        0 => None,
        percent => Some((CPU_PERIOD_US * u64::from(percent) / 100).max(1000)),
    }
}

fn list_procs(dir: &Path) -> Result<Vec<i32>, SandboxError> {
    read_file(&dir.join("cgroup.procs")).map(|text| parse::pids(&text))
}

/// SIGKILL every process of a cgroup but `keep` until it lists no other,
/// for up to `patience`.
fn kill_listed(dir: &Path, keep: Option<i32>, patience: Duration) -> Result<(), SandboxError> {
    let start = Instant::now();
    let mut pause = Duration::from_micros(20);
    loop {
        let mut others = list_procs(dir)?;
        others.retain(|&pid| Some(pid) != keep);
        if others.is_empty() {
            return Ok(());
        }
        if start.elapsed() >= patience {
            return Err(SandboxError::Survivors {
                path: dir.to_owned(),
                pids: others,
            });
        }
        for pid in others {
            sigkill(pid)?;
        }
        // Killed processes stay listed until they have exited.
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(1));
    }
}

fn sigkill(pid: i32) -> Result<(), SandboxError> {
    // SAFETY: kill(2) has no memory effects; `pid` is positive (read from
    // `cgroup.procs`), never 0 or -1, which would signal groups.
    if pid > 0 && unsafe { libc::kill(pid, libc::SIGKILL) } != 0 {
        let source = io::Error::last_os_error();
        // Gone between the read and the kill: what was wanted.
        if source.raw_os_error() != Some(libc::ESRCH) {
            return Err(SandboxError::Kill { pid, source });
        }
    }
    Ok(())
}

/// rmdir a cgroup, killing and retrying while processes are still leaving
/// it.
fn remove_cgroup(dir: &Path, patience: Duration) -> Result<(), SandboxError> {
    let start = Instant::now();
    let mut pause = Duration::from_micros(20);
    loop {
        match fs::remove_dir(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) if e.raw_os_error() == Some(libc::EBUSY) && start.elapsed() < patience => {
                kill_listed(dir, None, patience.saturating_sub(start.elapsed()))?;
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            Err(source) => {
                return Err(SandboxError::Cgroup {
                    action: "remove",
                    path: dir.to_owned(),
                    source,
                })
            }
        }
    }
}

/// Remove the cells (and probes) that zygotes now dead left under `base`.
///
/// Best effort, and quiet on purpose: a stale cell that cannot be removed
/// now (its processes still dying) holds nothing this zygote needs, and the
/// next zygote's sweep tries again.
pub(in crate::sandbox) fn sweep_stale(base: &Path) {
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
        if pid > 0 && !alive(pid) {
            let _ = remove_cgroup(&entry.path(), Duration::from_millis(100));
        }
    }
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the pid exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    // EPERM: it exists, but belongs to someone else.
    found || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_caps_and_memory_caps_follow_the_limits() {
        let limits = |cpu_percent| Limits {
            cpu_percent,
            ..Limits::default()
        };
        assert_eq!(cpu_quota_us(&limits(100)), Some(CPU_PERIOD_US));
        assert_eq!(cpu_quota_us(&limits(250)), Some(250_000));
        assert_eq!(cpu_quota_us(&limits(1)), Some(1000));
        assert_eq!(cpu_quota_us(&limits(0)), None);
        assert_eq!(cell_memory_bytes(&Limits::default()), 512 << 20);
    }

    #[test]
    fn an_empty_cell_has_nothing_to_measure_or_kill() {
        let cell = Host::bare(1, false).new_cell(1).expect("an empty cell");
        assert!(cell.processes().is_empty());
        assert!(cell.open_procs().is_none());
        assert!(cell.cpu_time_ns().is_none());
        assert!(cell.memory_peak_bytes().is_none());
        assert!(cell.reset_memory_peak().is_err());
        assert_eq!(cell.oom_kills(), 0);
        cell.try_kill().expect("nothing to kill");
        cell.kill_except(1).expect("nothing to kill");
    }
}
