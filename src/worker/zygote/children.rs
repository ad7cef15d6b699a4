//! The zygote's children: spares forked ahead of their jobs, children at
//! work, and children killed and waiting to be cleaned up after; and the
//! cells (cgroups) made and removed in batches.

use std::fs::File;
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::path::PathBuf;
use std::time::Instant;

use nix::sys::signal::{killpg, Signal};
use nix::unistd::{fork, pipe, ForkResult, Pid};

use super::meter::Baseline;
use super::wait::{wait, Exit};
use super::{Server, ZygoteError, SPARES_PER_SLOT};
use crate::sandbox;
use crate::worker::child;
use crate::worker::frames::FrameDecoder;
use crate::worker::protocol::{JobRequest, Tag, WireStop, ZygoteEvent, GO};

/// Cells are made, and removed, this many at a time at most.
const CELL_BATCH: usize = 64;

/// A forked child in its cell, waiting for a job.
pub struct Spare {
    pub pid: Pid,
    pub cell: sandbox::Cell,
    pub scratch: PathBuf,
    pub channel: File,
    pub stderr: File,
    /// Where its assignment (and `go`) is written.
    pub control: File,
    pub token: Vec<u8>,
}

/// A child at work on some cases of a job.
pub struct Running {
    pub request: JobRequest,
    pub pid: Pid,
    pub cell: sandbox::Cell,
    pub scratch: PathBuf,
    /// The case indices it was assigned, in order, and which one runs now.
    pub assigned: Vec<u32>,
    pub position: usize,
    /// None while it has no case to finish (between jobs).
    pub deadline: Option<Instant>,
    pub case_started: Instant,
    /// It wrote `S`: from now on, learner code may run in it.
    pub sandboxed: bool,
    /// The kernel's figures before its measured case started.
    pub baseline: Option<Baseline>,
    pub channel: File,
    pub stderr: File,
    /// Where `go` goes.
    pub control: File,
    /// It may ask, once, for what its last case left running to be killed.
    pub may_clean_up: bool,
    pub decoder: FrameDecoder,
    /// The frame being read, by tag.
    pub frame: Option<Tag>,
    /// The payload of a small frame (`S`, `L`, `F`), wiped after use.
    pub small: Vec<u8>,
    /// Output bytes of the current case relayed so far.
    pub output_bytes: usize,
    /// Bytes it wrote to its stderr, relayed or not.
    pub stderr_bytes: usize,
    pub output_truncated: bool,
    /// Set once the child has said everything it will say.
    pub finished: bool,
    /// How it broke the protocol, if it did.
    pub violation: Option<WireStop>,
    pub exit: Option<Exit>,
}

impl Running {
    pub fn new(
        request: JobRequest,
        spare: Spare,
        assigned: Vec<u32>,
        deadline: Instant,
    ) -> Running {
        let control = spare.control;
        Running {
            request,
            pid: spare.pid,
            cell: spare.cell,
            scratch: spare.scratch,
            assigned,
            position: 0,
            deadline: Some(deadline),
            case_started: Instant::now(),
            sandboxed: false,
            baseline: None,
            channel: spare.channel,
            stderr: spare.stderr,
            control,
            may_clean_up: false,
            decoder: FrameDecoder::new(spare.token),
            frame: None,
            small: Vec::with_capacity(super::MAX_SMALL_FRAME),
            output_bytes: 0,
            stderr_bytes: 0,
            output_truncated: false,
            finished: false,
            violation: None,
            exit: None,
        }
    }

    /// Releases the child waiting for the zygote. The pipe never blocks
    /// the zygote: a child that lets it fill (it does not read what it
    /// asked for) has broken the protocol.
    pub fn go(&mut self) {
        if writeln!(self.control, "{GO}").is_err() && self.violation.is_none() {
            self.violation = Some(WireStop::Garbled);
        }
    }

    /// Kills the child's process group and everything in its cell.
    pub fn kill(&self) {
        let _ = killpg(self.pid, Signal::SIGKILL);
        self.cell.kill();
    }
}

/// A killed child that needs nothing more but to be reaped and have its
/// cell removed and its scratch folder discarded, which is done once it is
/// gone, so that a finished child frees its slot at once.
pub struct Exiting {
    pub pid: Pid,
    pub cell: sandbox::Cell,
    pub scratch: PathBuf,
    pub reaped: bool,
}

/// Cells made ahead of the children that will use them, and cells of
/// children gone, to remove in a batch. Making or removing a cgroup, or
/// killing one, waits for the cgroup lock, which a child joining its
/// cgroup v1 holds across an RCU grace period (milliseconds): done one at
/// a time between forks, that wait would hold up every fork.
#[derive(Default)]
pub struct Cells {
    fresh: Vec<sandbox::Cell>,
    spent: Vec<sandbox::Cell>,
    made: u64,
}

impl Server<'_> {
    fn take_cell(&mut self) -> Result<sandbox::Cell, ZygoteError> {
        if self.cells.fresh.is_empty() {
            let batch = (self.queue.len() + SPARES_PER_SLOT * self.options.jobs.max(1))
                .clamp(1, CELL_BATCH);
            for _ in 0..batch {
                self.cells.made += 1;
                let cell = self.host.new_cell(self.cells.made)?;
                self.cells.fresh.push(cell);
            }
            self.cells.fresh.reverse();
        }
        Ok(self
            .cells
            .fresh
            .pop()
            .expect("a batch of cells was just made"))
    }

    /// Forks a child that sets up what does not depend on its job (its
    /// scratch folder, its cgroups: a cgroup v1 move waits for an RCU grace
    /// period, milliseconds) and then waits for one.
    pub(super) fn fork_spare(&mut self) -> Result<Spare, ZygoteError> {
        // No child's bytes may wait in the relay buffer across a fork.
        self.relay.flush()?;
        self.attempts += 1;
        self.profile.children += 1;
        // Unguessable: the run folder cannot be listed by children, and
        // Landlock does not cover `stat`, so a name another child could
        // guess would let it watch this one's files.
        let scratch = self
            .options
            .run_dir
            .join(format!("scratch-{}", hex(&random_bytes::<16>())));
        std::fs::create_dir(&scratch).map_err(|source| ZygoteError::Scratch {
            path: scratch.clone(),
            source,
        })?;
        self.full_since = None;
        let cell = self.take_cell()?;
        let (channel_r, channel_w) = pipe().map_err(ZygoteError::Pipe)?;
        let (stderr_r, stderr_w) = pipe().map_err(ZygoteError::Pipe)?;
        let (control_r, control_w) = pipe().map_err(ZygoteError::Pipe)?;
        let token = frame_token();
        let py = self.interpreter.py;
        // SAFETY: this process has one thread; the child only touches
        // Python after PyOS_AfterFork_Child, as CPython requires.
        unsafe { pyo3::ffi::PyOS_BeforeFork() };
        // SAFETY: as above: a single-threaded process may fork.
        let forked = unsafe { fork() };
        match forked {
            Ok(ForkResult::Child) => {
                // SAFETY: in the child of a fork bracketed by PyOS_BeforeFork.
                unsafe { pyo3::ffi::PyOS_AfterFork_Child() };
                drop((channel_r, stderr_r, control_w));
                child::run_spare(
                    py,
                    &self.interpreter.harness,
                    child::SpareSetup {
                        scratch: &scratch,
                        channel: channel_w,
                        stderr: stderr_w,
                        control: control_r,
                        token: &token,
                        host: &self.host,
                        cell: &cell,
                        read_only: &self.read_only,
                    },
                )
            }
            Ok(ForkResult::Parent { child }) => {
                // SAFETY: in the parent of a fork bracketed by PyOS_BeforeFork.
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                drop((channel_w, stderr_w, control_r));
                Ok(Spare {
                    pid: child,
                    cell,
                    scratch,
                    channel: nonblocking_file(channel_r),
                    stderr: nonblocking_file(stderr_r),
                    control: nonblocking_file(control_w),
                    token,
                })
            }
            Err(e) => {
                // SAFETY: the fork failed; this is still the parent.
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                Err(ZygoteError::Fork(e))
            }
        }
    }

    /// Ends a spare that will get no job.
    pub(super) fn retire(&mut self, spare: Spare) {
        drop(spare.control);
        self.exit(spare.pid, spare.cell, spare.scratch, None);
    }

    /// Kills a child and everything it started, and leaves the clean-up for
    /// later (see [`Exiting`]).
    pub(super) fn dismiss(&mut self, child: Running) {
        self.exit(child.pid, child.cell, child.scratch, child.exit);
    }

    fn exit(&mut self, pid: Pid, cell: sandbox::Cell, scratch: PathBuf, exit: Option<Exit>) {
        let _ = killpg(pid, Signal::SIGKILL);
        let _ = nix::sys::signal::kill(pid, Signal::SIGKILL);
        let reaped = exit.is_some() || self.reaped.remove(&pid).is_some();
        self.exiting.push(Exiting {
            pid,
            cell,
            scratch,
            reaped,
        });
    }

    /// Reaps dismissed children, kills what they left in their cells, and
    /// hands their scratch folders to the grader to remove: those that are
    /// gone already, or (`all`) every one, waiting for them. Removing a
    /// folder of a hundred thousand files takes seconds: never here.
    pub(super) fn clean_up_exiting(&mut self, all: bool) -> Result<(), ZygoteError> {
        let cleaning = Instant::now();
        for exiting in &mut self.exiting {
            if !exiting.reaped {
                // An error (ECHILD) means it is gone all the same.
                exiting.reaped = !matches!(wait(exiting.pid, all), Ok(None));
            }
        }
        let (gone, waiting): (Vec<Exiting>, Vec<Exiting>) = std::mem::take(&mut self.exiting)
            .into_iter()
            .partition(|exiting| exiting.reaped);
        self.exiting = waiting;
        for exiting in gone {
            // Whatever the child left running (setsid escapees) dies now;
            // the cell itself goes with the next batch.
            if exiting.cell.is_occupied() {
                exiting.cell.kill();
            }
            self.relay.event(
                0,
                &ZygoteEvent::Discard {
                    scratch: exiting.scratch,
                },
            )?;
            self.cells.spent.push(exiting.cell);
        }
        if all || self.cells.spent.len() >= CELL_BATCH {
            // Dropping a cell kills what is left in it and removes its
            // cgroups.
            self.cells.spent.clear();
        }
        if all {
            self.cells.fresh.clear();
        }
        self.profile.cleanup_us += cleaning.elapsed().as_micros() as u64;
        Ok(())
    }
}

fn nonblocking_file(fd: OwnedFd) -> File {
    super::set_nonblocking(fd.as_fd());
    File::from(fd)
}

/// A fresh random marker for one child's frames. Output cannot contain it
/// by chance; a submission that finds it in memory can only forge what its
/// own code could have produced (see `crate::runner`). Its first byte
/// appears nowhere else in it (see `FrameDecoder::new`).
fn frame_token() -> Vec<u8> {
    let mut token = b"\x00\x1egrade:".to_vec();
    token.extend_from_slice(hex(&random_bytes::<16>()).as_bytes());
    token.push(b':');
    token
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut random = [0u8; N];
    // getrandom(2) fails only before the kernel's pool is seeded at boot.
    getrandom::fill(&mut random).expect("the kernel's random generator");
    random
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
