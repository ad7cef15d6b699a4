//! TEMPORARY minimal sandbox (rlimits and process group only) until the full
//! module lands. Same API as the real one.
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("{0}")]
    Setup(String),
}

#[derive(Debug, Clone)]
pub struct Host;

#[derive(Debug, Clone)]
pub struct Protection {
    pub name: &'static str,
    pub active: bool,
    pub detail: String,
}

impl Host {
    pub fn detect() -> Host {
        Host
    }
    pub fn protections(&self) -> Vec<Protection> {
        vec![]
    }
    pub fn new_cell(&self, _id: u64) -> Result<Cell, SandboxError> {
        Ok(Cell)
    }
}

pub fn become_subreaper() {
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

#[derive(Debug)]
pub struct Cell;
impl Cell {
    pub fn kill(&self) {}
}

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub memory_mb: u64,
    pub cpu_seconds: u64,
    pub file_size_bytes: u64,
    pub open_files: u64,
    pub processes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_mb: 256,
            cpu_seconds: 10,
            file_size_bytes: 16 << 20,
            open_files: 256,
            processes: 64,
        }
    }
}

pub struct Policy<'a> {
    pub scratch: &'a Path,
    pub limits: Limits,
    pub slot: usize,
}

pub fn enter(_host: &Host, _cell: &Cell, policy: &Policy<'_>) -> Result<(), SandboxError> {
    use nix::sys::resource::{setrlimit, Resource};
    let l = policy.limits;
    let set = |r, v: u64| setrlimit(r, v, v).map_err(|e| SandboxError::Setup(format!("{r:?}: {e}")));
    set(Resource::RLIMIT_AS, l.memory_mb << 20)?;
    set(Resource::RLIMIT_CPU, l.cpu_seconds)?;
    set(Resource::RLIMIT_FSIZE, l.file_size_bytes)?;
    set(Resource::RLIMIT_NOFILE, l.open_files)?;
    set(Resource::RLIMIT_CORE, 0)?;
    Ok(())
}
