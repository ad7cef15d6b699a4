//! The zygote: a single-threaded process that starts Python once, then forks
//! one sandboxed child per job (or chain of jobs: an attempt's hidden cases
//! after its visible ones) and supervises them: per-case deadlines, output
//! caps, kills, reaping, and continuing a job in a new child after a case
//! timed out or crashed.
//!
//! It reads [`JobRequest`] lines on stdin and writes [`ZygoteEvent`] lines on
//! the descriptor that was its stdout. It never holds case code or expected
//! values, and wipes every buffer that held a child's output once relayed,
//! so that no child can find another's results in the memory it inherits.

use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::fcntl::{fcntl, FcntlArg, OFlag};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{killpg, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::{fork, pipe, ForkResult, Pid};
use pyo3::prelude::*;
use serde_json::value::RawValue;

use super::child;
use super::protocol::{ChildLine, JobRequest, StopCause, ZygoteEvent};
use crate::sandbox;

/// The learner module and sandbox set-up run before the first case's clock
/// would be fair to start; this much extra is allowed for them.
const STARTUP_GRACE: Duration = Duration::from_millis(150);
/// A result line longer than this is a protocol violation.
const MAX_RESULT_LINE: usize = 64 << 20;
const STDERR_TAIL: usize = 4096;

/// Options of `grade __zygote`.
pub struct ZygoteOptions {
    pub jobs: usize,
    pub run_dir: PathBuf,
}

pub fn serve(options: ZygoteOptions) -> Result<(), String> {
    // The protocol leaves fd 1, so that nothing printed by Python in this
    // process can corrupt it.
    let protocol = unsafe {
        let fd = libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 10);
        if fd < 0 {
            return Err("cannot set up the protocol descriptor".into());
        }
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        libc::dup2(null, 1);
        libc::close(null);
        File::from_raw_fd(fd)
    };
    let host = sandbox::Host::detect();
    sandbox::become_subreaper();
    crate::python::initialize().map_err(|e| e.to_string())?;
    Python::attach(|py| {
        let harness = load_harness(py).map_err(|e| e.to_string())?;
        let stdlib: HashSet<String> = py
            .import("sys")
            .and_then(|sys| sys.getattr("stdlib_module_names"))
            .and_then(|names| names.extract())
            .map_err(|e| e.to_string())?;
        let baseline_mb = virtual_memory_mb();
        let mut server = Server {
            options,
            host,
            protocol,
            queue: VecDeque::new(),
            running: Vec::new(),
            spares: VecDeque::new(),
            exiting: Vec::new(),
            cells: Vec::new(),
            cells_made: 0,
            spent_cells: Vec::new(),
            stdin_open: true,
            stdin_buf: Vec::new(),
            read_buf: vec![0; 65536],
            baseline_mb,
            attempts: 0,
            profile: Profile::default(),
            stdlib,
            imported: HashSet::new(),
        };
        let served = server.serve(py, &harness);
        server.profile.write();
        served
    })
}

fn load_harness(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let sys = py.import("sys")?;
    sys.call_method1("set_int_max_str_digits", (0,))?;
    // Line-buffered, so a case that hangs still shows what it printed.
    for stream in ["stdout", "stderr"] {
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("line_buffering", true)?;
        sys.getattr(stream)?
            .call_method("reconfigure", (), Some(&kwargs))?;
    }
    let code = harness_code(py)?;
    // SAFETY: a code object and NUL-terminated names; the result is a new
    // reference or NULL with an exception set.
    let harness = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            pyo3::ffi::PyImport_ExecCodeModuleEx(
                c"_grade_harness".as_ptr(),
                code.as_ptr(),
                c"<grade harness>".as_ptr(),
            ),
        )?
    }
    .cast_into::<PyModule>()?;
    freeze_heap(py);
    Ok(harness)
}

/// The harness's code object: compiled at build time by the interpreter
/// this binary embeds (see build.rs), or from source if it runs another.
fn harness_code(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    const SOURCE: &str = include_str!("harness.py");
    const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/harness.marshal"));
    let running: u32 = py.import("sys")?.getattr("hexversion")?.extract()?;
    let built_for = COMPILED
        .get(..8)
        .and_then(|head| std::str::from_utf8(head).ok())
        .and_then(|head| u32::from_str_radix(head, 16).ok());
    if built_for == Some(running) {
        let marshalled = pyo3::types::PyBytes::new(py, &COMPILED[9..]);
        if let Ok(code) = py.import("marshal")?.call_method1("loads", (marshalled,)) {
            return Ok(code);
        }
    }
    py.import("builtins")?
        .getattr("compile")?
        .call1((SOURCE, "<grade harness>", "exec"))
}

/// Moves every object the zygote holds out of the garbage collector's
/// reach: a collection in a child would otherwise walk, and so copy on
/// write, the whole inherited heap.
fn freeze_heap(py: Python<'_>) {
    if let Ok(gc) = py.import("gc") {
        let _ = gc.call_method0("freeze");
    }
}

fn virtual_memory_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmSize:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
        })
        .map_or(0, |kb| kb / 1024)
}

/// Modules that take tens of milliseconds to import. The zygote imports one
/// only when at least [`HEAVY_SHARED_FROM`] queued jobs need it (others: two),
/// so that one or two async challenges import asyncio in their own
/// children, in parallel with the rest of the run, rather than holding up
/// every fork.
const HEAVY_MODULES: [&str; 1] = ["asyncio"];
const HEAVY_SHARED_FROM: usize = 3;

/// Spare children kept ready per worker slot. Their cgroup moves wait for
/// RCU grace periods that overlap, so with a few in flight a short job
/// never waits for one.
const SPARES_PER_SLOT: usize = 3;

/// Cells are made, and removed, this many at a time at most.
const CELL_BATCH: usize = 64;

/// A forked child in its cell, waiting for a job.
struct Spare {
    pid: Pid,
    cell: sandbox::Cell,
    scratch: PathBuf,
    channel: File,
    stderr: File,
    /// Where its job is written (and later, when one is chained, the path
    /// of the next job's file).
    assignment: File,
    token: Vec<u8>,
    /// What the zygote had imported when it forked.
    imported: HashSet<String>,
}

struct Pending {
    request: JobRequest,
    first_case: usize,
}

/// A child at work on some cases of a job.
struct Running {
    request: JobRequest,
    pid: Pid,
    cell: sandbox::Cell,
    scratch: PathBuf,
    /// The case running now.
    case: usize,
    deadline: Instant,
    loaded: bool,
    /// Captured stdout with result frames in it, in the order written.
    channel: File,
    stderr: File,
    /// Where the child learns of its next job, while one is chained.
    assignment: Option<File>,
    /// Bytes read from the channel and not yet sorted into output or frames.
    pending: Vec<u8>,
    /// `pending` starts inside a frame (after its token).
    in_frame: bool,
    /// Marks result frames in the channel; see [`frame_token`].
    token: Vec<u8>,
    output: Vec<u8>,
    output_truncated: bool,
    stderr_tail: Vec<u8>,
    /// Set once the child has said everything it will say.
    finished: bool,
    /// How the child broke the result protocol, if it did.
    violation: Option<String>,
    exit: Option<WaitStatus>,
}

/// A killed child that needs nothing more but to be reaped and have its
/// scratch folder and cell removed, which is done once it is gone (its cell
/// in a batch), so that a finished child frees its slot at once.
struct Exiting {
    pid: Pid,
    cell: sandbox::Cell,
    scratch: PathBuf,
    reaped: bool,
}

struct Server {
    options: ZygoteOptions,
    host: sandbox::Host,
    protocol: File,
    queue: VecDeque<Pending>,
    running: Vec<Running>,
    spares: VecDeque<Spare>,
    /// Children killed and not yet cleaned up after; see [`Exiting`].
    exiting: Vec<Exiting>,
    /// Cells made ahead of the children that will use them, and cells of
    /// children gone, to remove in a batch. Making or removing a cgroup, or
    /// killing one, waits for the cgroup lock, which a child joining its
    /// cgroup v1 holds across an RCU grace period (milliseconds): done one
    /// at a time between forks, that wait would hold up every fork.
    cells: Vec<sandbox::Cell>,
    cells_made: u64,
    spent_cells: Vec<sandbox::Cell>,
    stdin_open: bool,
    stdin_buf: Vec<u8>,
    /// Where children's output is read through, zeroed after each read.
    read_buf: Vec<u8>,
    baseline_mb: u64,
    attempts: u64,
    profile: Profile,
    stdlib: HashSet<String>,
    /// Modules imported for jobs so far.
    imported: HashSet<String>,
}

/// Where the zygote's time goes, written to the file named by
/// `GRADE_PROFILE` when it exits (for the benchmarks).
#[derive(Debug, Default, serde::Serialize)]
struct Profile {
    children: u64,
    /// Scratch folder, cell, pipes and fork, in the zygote.
    spawn_us: u64,
    /// `sandbox::enter` in the children.
    sandbox_us: u64,
    /// Killing, reaping, removing the cell and the scratch folder.
    cleanup_us: u64,
}

impl Profile {
    fn write(&self) {
        let Some(path) = std::env::var_os("GRADE_PROFILE") else {
            return;
        };
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{}", serde_json::to_string(self).unwrap_or_default());
        }
    }
}

impl Server {
    fn serve(&mut self, py: Python<'_>, harness: &Bound<'_, PyModule>) -> Result<(), String> {
        set_nonblocking(std::io::stdin().as_fd());
        // No spare is forked before the jobs are known: they decide which
        // modules the children should inherit (see `share_imports`).
        while self.stdin_open && self.queue.is_empty() {
            self.wait_for_activity()?;
        }
        loop {
            self.share_imports(py);
            while self.running.len() < self.options.jobs.max(1) {
                let Some(next) = self.queue.pop_front().or_else(|| self.unchain()) else {
                    break;
                };
                self.start(py, harness, next)?;
            }
            self.refill_spares(py, harness)?;
            if !self.stdin_open && self.queue.is_empty() && self.running.is_empty() {
                self.clean_up_exiting(true);
                return Ok(());
            }
            self.wait_for_activity()?;
            self.reap_strays();
            self.clean_up_exiting(false);
            let now = Instant::now();
            let mut index = 0;
            while index < self.running.len() {
                let child = &mut self.running[index];
                read_tail(
                    &mut child.stderr,
                    &mut child.stderr_tail,
                    &mut self.read_buf,
                );
                let outcome = self.read_channel(index)?;
                let child = &mut self.running[index];
                let timed_out = !child.finished && now >= child.deadline;
                if child.finished
                    || outcome == ChildState::Closed
                    || timed_out
                    || child.exit.is_some()
                {
                    self.finish(index, timed_out)?;
                } else {
                    index += 1;
                }
            }
        }
    }

    fn wait_for_activity(&mut self) -> Result<(), String> {
        let stdin = std::io::stdin();
        let mut fds = Vec::new();
        if self.stdin_open {
            fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
        }
        for child in &self.running {
            fds.push(PollFd::new(child.channel.as_fd(), PollFlags::POLLIN));
            fds.push(PollFd::new(child.stderr.as_fd(), PollFlags::POLLIN));
        }
        let now = Instant::now();
        let timeout = self
            .running
            .iter()
            .map(|child| child.deadline.saturating_duration_since(now))
            .min()
            // Strays and exits without a closed pipe are noticed at least
            // this often.
            .map_or(Duration::from_millis(200), |left| {
                left.min(Duration::from_millis(200))
            });
        let millis = u16::try_from(timeout.as_millis() + 1).unwrap_or(u16::MAX);
        match poll(&mut fds, PollTimeout::from(millis)) {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => return Err(format!("poll failed: {e}")),
        }
        let stdin_ready = self.stdin_open
            && fds[0]
                .revents()
                .is_some_and(|r| r.intersects(PollFlags::POLLIN | PollFlags::POLLHUP));
        drop(fds);
        if stdin_ready {
            self.read_requests()?;
        }
        Ok(())
    }

    fn read_requests(&mut self) -> Result<(), String> {
        let mut chunk = [0u8; 65536];
        loop {
            match std::io::stdin().lock().read(&mut chunk) {
                Ok(0) => {
                    self.stdin_open = false;
                    break;
                }
                Ok(n) => self.stdin_buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!("cannot read jobs: {e}")),
            }
        }
        while let Some(end) = self.stdin_buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.stdin_buf.drain(..=end).collect();
            let request: JobRequest =
                serde_json::from_slice(&line).map_err(|e| format!("malformed job request: {e}"))?;
            self.queue.push_back(Pending {
                request,
                first_case: 0,
            });
        }
        Ok(())
    }

    fn start(
        &mut self,
        py: Python<'_>,
        harness: &Bound<'_, PyModule>,
        pending: Pending,
    ) -> Result<(), String> {
        let Pending {
            request,
            first_case,
        } = pending;
        let spawning = Instant::now();
        let mut spare = self.take_spare(py, harness, &request.imports)?;
        let chained_ms: u64 = request
            .then
            .iter()
            .map(|then| then.timeouts_ms.iter().sum::<u64>())
            .sum();
        let remaining_ms: u64 = request.timeouts_ms[first_case..].iter().sum::<u64>() + chained_ms;
        let assignment = child::Assignment {
            job_file: request.job_file.clone(),
            first_case,
            memory_mb: self.baseline_mb + request.memory_mb,
            cpu_seconds: remaining_ms.div_ceil(1000) + 2,
            then: request.then.is_some(),
        };
        let mut line = serde_json::to_vec(&assignment).map_err(|e| e.to_string())?;
        line.push(b'\n');
        // A spare that died while waiting shows up as a stopped job below.
        let _ = spare.assignment.write_all(&line);
        let assignment = request.then.is_some().then_some(spare.assignment);
        let deadline =
            Instant::now() + STARTUP_GRACE + Duration::from_millis(request.timeouts_ms[first_case]);
        self.running.push(Running {
            request,
            pid: spare.pid,
            cell: spare.cell,
            scratch: spare.scratch,
            case: first_case,
            deadline,
            loaded: false,
            channel: spare.channel,
            stderr: spare.stderr,
            assignment,
            pending: Vec::new(),
            in_frame: false,
            token: spare.token,
            output: Vec::new(),
            output_truncated: false,
            stderr_tail: Vec::new(),
            finished: false,
            violation: None,
            exit: None,
        });
        self.profile.spawn_us += spawning.elapsed().as_micros() as u64;
        Ok(())
    }

    /// A spare child that inherited every module the zygote imported for
    /// this job; stale spares are let go.
    fn take_spare(
        &mut self,
        py: Python<'_>,
        harness: &Bound<'_, PyModule>,
        imports: &[String],
    ) -> Result<Spare, String> {
        let wanted: Vec<&String> = imports
            .iter()
            .filter(|m| self.imported.contains(*m))
            .collect();
        while let Some(spare) = self.spares.pop_front() {
            if wanted.iter().all(|m| spare.imported.contains(*m)) {
                return Ok(spare);
            }
            self.retire(spare);
        }
        self.fork_spare(py, harness)
    }

    /// Keeps spare children ready, a few per worker slot, but no more than
    /// the jobs still to start once every job is known.
    fn refill_spares(
        &mut self,
        py: Python<'_>,
        harness: &Bound<'_, PyModule>,
    ) -> Result<(), String> {
        let mut wanted = SPARES_PER_SLOT * self.options.jobs.max(1);
        if !self.stdin_open {
            wanted = wanted.min(self.queue.len());
        }
        while self.spares.len() < wanted {
            let spare = self.fork_spare(py, harness)?;
            self.spares.push_back(spare);
        }
        while self.spares.len() > wanted {
            if let Some(spare) = self.spares.pop_back() {
                self.retire(spare);
            }
        }
        Ok(())
    }

    fn take_cell(&mut self) -> Result<sandbox::Cell, String> {
        if self.cells.is_empty() {
            let batch = (self.queue.len() + SPARES_PER_SLOT * self.options.jobs.max(1))
                .clamp(1, CELL_BATCH);
            for _ in 0..batch {
                self.cells_made += 1;
                let cell = self
                    .host
                    .new_cell(self.cells_made)
                    .map_err(|e| format!("sandbox: {e}"))?;
                self.cells.push(cell);
            }
            self.cells.reverse();
        }
        self.cells.pop().ok_or_else(|| "no sandbox cell".to_owned())
    }

    /// Ends a spare that will get no job.
    fn retire(&mut self, spare: Spare) {
        drop(spare.assignment);
        self.dismiss(spare.pid, spare.cell, spare.scratch);
    }

    /// Kills a child and everything it started, and leaves the clean-up for
    /// later (see [`Exiting`]).
    fn dismiss(&mut self, pid: Pid, cell: sandbox::Cell, scratch: PathBuf) {
        let _ = killpg(pid, Signal::SIGKILL);
        let _ = nix::sys::signal::kill(pid, Signal::SIGKILL);
        self.exiting.push(Exiting {
            pid,
            cell,
            scratch,
            reaped: false,
        });
    }

    /// Reaps dismissed children and removes their cells and scratch
    /// folders: those that are gone already, or (`all`) every one, waiting
    /// for them.
    fn clean_up_exiting(&mut self, all: bool) {
        let cleaning = Instant::now();
        for exiting in &mut self.exiting {
            if !exiting.reaped {
                let flags = if all {
                    None
                } else {
                    Some(WaitPidFlag::WNOHANG)
                };
                exiting.reaped = !matches!(waitpid(exiting.pid, flags), Ok(WaitStatus::StillAlive));
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
            let _ = std::fs::remove_dir_all(&exiting.scratch);
            self.spent_cells.push(exiting.cell);
        }
        if all || self.spent_cells.len() >= CELL_BATCH {
            // Dropping a cell kills what is left in it (setsid escapees) and
            // removes its cgroups.
            self.spent_cells.clear();
        }
        if all {
            self.cells.clear();
        }
        self.profile.cleanup_us += cleaning.elapsed().as_micros() as u64;
    }

    /// Forks a child that sets up what does not depend on its job (its
    /// scratch folder, its cgroups: a cgroup v1 move waits for an RCU grace
    /// period, milliseconds) and then waits for one.
    fn fork_spare(
        &mut self,
        py: Python<'_>,
        harness: &Bound<'_, PyModule>,
    ) -> Result<Spare, String> {
        self.attempts += 1;
        self.profile.children += 1;
        let scratch = self
            .options
            .run_dir
            .join(format!("scratch-{}", self.attempts));
        std::fs::create_dir(&scratch)
            .map_err(|e| format!("cannot create {}: {e}", scratch.display()))?;
        let cell = self.take_cell()?;
        let (channel_r, channel_w) = pipe().map_err(|e| format!("pipe: {e}"))?;
        let (stderr_r, stderr_w) = pipe().map_err(|e| format!("pipe: {e}"))?;
        let (assign_r, assign_w) = pipe().map_err(|e| format!("pipe: {e}"))?;
        let token = frame_token();
        // SAFETY: this process has one thread; the child only touches
        // Python after PyOS_AfterFork_Child, as CPython requires.
        unsafe { pyo3::ffi::PyOS_BeforeFork() };
        let forked = unsafe { fork() };
        match forked {
            Ok(ForkResult::Child) => {
                unsafe { pyo3::ffi::PyOS_AfterFork_Child() };
                drop((channel_r, stderr_r, assign_w));
                child::run_spare(
                    py,
                    harness,
                    child::SpareSetup {
                        scratch: &scratch,
                        channel: channel_w,
                        stderr: stderr_w,
                        assignment: assign_r,
                        token: &token,
                        host: &self.host,
                        cell: &cell,
                    },
                )
            }
            Ok(ForkResult::Parent { child }) => {
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                drop((channel_w, stderr_w, assign_r));
                Ok(Spare {
                    pid: child,
                    cell,
                    scratch,
                    channel: nonblocking_file(channel_r),
                    stderr: nonblocking_file(stderr_r),
                    assignment: File::from(assign_w),
                    token,
                    imported: self.imported.clone(),
                })
            }
            Err(e) => {
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                Err(format!("fork failed: {e}"))
            }
        }
    }

    /// Imports in the zygote the standard-library modules that more than
    /// one queued job imports, so that their children inherit them instead
    /// of each importing them again. A module only one job wants is left to
    /// its child, which imports it in parallel with the rest of the run.
    fn share_imports(&mut self, py: Python<'_>) {
        let mut wanting: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for pending in &self.queue {
            for module in &pending.request.imports {
                *wanting.entry(module.as_str()).or_default() += 1;
            }
        }
        let mut shared: Vec<String> = wanting
            .into_iter()
            .filter(|&(module, count)| {
                let least = if HEAVY_MODULES.contains(&module) {
                    HEAVY_SHARED_FROM
                } else {
                    2
                };
                count >= least && !self.imported.contains(module)
            })
            .map(|(module, _)| module.to_owned())
            .collect();
        shared.sort();
        self.import_all(py, &shared);
    }

    /// Imports the standard-library modules among `modules` not imported
    /// yet, so that children inherit them instead of importing them again.
    fn import_all(&mut self, py: Python<'_>, modules: &[String]) {
        let mut any = false;
        for module in modules {
            let top = module.split('.').next().unwrap_or_default();
            if self.stdlib.contains(top) && self.imported.insert(module.clone()) {
                // A module that fails to import here fails in the child too,
                // with the learner's traceback: nothing to report now.
                let _ = py.import(module.as_str());
                any = true;
            }
        }
        if any {
            freeze_heap(py);
        }
    }

    /// Reads the child's channel: output goes to the current case, frames
    /// are handled in the order they were written.
    fn read_channel(&mut self, index: usize) -> Result<ChildState, String> {
        let mut state = ChildState::Open;
        loop {
            let child = &mut self.running[index];
            match read_wiped(&mut child.channel, &mut self.read_buf, &mut child.pending) {
                Ok(0) => {
                    state = ChildState::Closed;
                    break;
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    state = ChildState::Closed;
                    break;
                }
            }
            if child.pending.len() > MAX_RESULT_LINE {
                break;
            }
        }
        loop {
            let child = &mut self.running[index];
            if child.in_frame {
                let Some(end) = memchr::memchr(b'\n', &child.pending) else {
                    if child.pending.len() > MAX_RESULT_LINE {
                        return Ok(self.protocol_violation(index, "a result is too large"));
                    }
                    break;
                };
                let mut line: Vec<u8> = child.pending.drain(..=end).collect();
                line.pop();
                child.in_frame = false;
                let handled = self.handle_line(index, &line);
                wipe(&mut line);
                match handled {
                    Ok(ChildState::Open) => continue,
                    other => return other,
                }
            }
            let cap = child.request.output_cap;
            match memchr::memmem::find(&child.pending, &child.token) {
                Some(start) => {
                    keep_output(
                        &mut child.output,
                        &child.pending[..start],
                        cap,
                        &mut child.output_truncated,
                    );
                    let consumed = start + child.token.len();
                    child.pending[..consumed].fill(0);
                    child.pending.drain(..consumed);
                    child.in_frame = true;
                }
                None => {
                    // A token may be split across reads: keep its possible start.
                    let keep = (child.token.len() - 1).min(child.pending.len());
                    let split = child.pending.len() - keep;
                    keep_output(
                        &mut child.output,
                        &child.pending[..split],
                        cap,
                        &mut child.output_truncated,
                    );
                    child.pending[..split].fill(0);
                    child.pending.drain(..split);
                    break;
                }
            }
        }
        Ok(state)
    }

    fn handle_line(&mut self, index: usize, line: &[u8]) -> Result<ChildState, String> {
        let child = &mut self.running[index];
        if child.finished {
            return Ok(self.protocol_violation(index, "wrote after its last result"));
        }
        match ChildLine::classify(line) {
            Some(ChildLine::Loaded) => {
                child.loaded = true;
                Ok(ChildState::Open)
            }
            Some(ChildLine::Sandboxed) => {
                let micros = std::str::from_utf8(&line[1..])
                    .ok()
                    .and_then(|m| m.parse::<u64>().ok());
                self.profile.sandbox_us += micros.unwrap_or(0);
                Ok(ChildState::Open)
            }
            Some(ChildLine::Result) => {
                let Ok(text) = std::str::from_utf8(&line[1..]) else {
                    return Ok(self.protocol_violation(index, "a result is not UTF-8"));
                };
                let Ok(result) = RawValue::from_string(text.to_owned()) else {
                    return Ok(self.protocol_violation(index, "a result is not JSON"));
                };
                let job = child.request.id;
                let output = take_lossy(&mut child.output);
                let output_truncated = std::mem::take(&mut child.output_truncated);
                child.case += 1;
                let job_done = child.case >= child.request.timeouts_ms.len();
                if !job_done {
                    child.deadline = Instant::now()
                        + Duration::from_millis(child.request.timeouts_ms[child.case]);
                }
                self.emit(ZygoteEvent::Result {
                    job,
                    result,
                    output,
                    output_truncated,
                })?;
                if job_done {
                    self.emit(ZygoteEvent::Done { job })?;
                    self.next_job(index);
                }
                Ok(ChildState::Open)
            }
            Some(ChildLine::Invalid) => {
                let Ok(detail) = std::str::from_utf8(&line[1..])
                    .map_err(|_| ())
                    .and_then(|text| RawValue::from_string(text.to_owned()).map_err(|_| ()))
                else {
                    return Ok(self.protocol_violation(index, "malformed compile error"));
                };
                child.finished = true;
                // The chained jobs run the same files: they do not compile either.
                for job in chain_ids(&child.request) {
                    self.emit(ZygoteEvent::Invalid {
                        job,
                        detail: detail.clone(),
                    })?;
                    self.emit(ZygoteEvent::Done { job })?;
                }
                Ok(ChildState::Open)
            }
            Some(ChildLine::Failed) => {
                let message = serde_json::from_slice::<String>(&line[1..])
                    .unwrap_or_else(|_| String::from_utf8_lossy(&line[1..]).into_owned());
                child.finished = true;
                for job in chain_ids(&child.request) {
                    self.emit(ZygoteEvent::Failed {
                        job,
                        message: message.clone(),
                    })?;
                    self.emit(ZygoteEvent::Done { job })?;
                }
                Ok(ChildState::Open)
            }
            None => Ok(self.protocol_violation(index, "wrote something that is not a result")),
        }
    }

    /// A job chained to a running child, taken from it to run in a child of
    /// its own: chaining saves starting a child, but not at the cost of an
    /// idle worker slot (a challenge with slow visible and slow hidden cases
    /// would otherwise run them one after the other). Not when a fresh child
    /// would import a heavy module all over again.
    fn unchain(&mut self) -> Option<Pending> {
        let imported = &self.imported;
        let child = self.running.iter_mut().find(|child| {
            child.request.then.as_ref().is_some_and(|then| {
                !then.imports.iter().any(|module| {
                    HEAVY_MODULES.contains(&module.as_str()) && !imported.contains(module)
                })
            })
        })?;
        let next = child.request.then.take()?;
        // The child finds no next job when it asks.
        child.assignment = None;
        Some(Pending {
            request: *next,
            first_case: 0,
        })
    }

    /// The child's job is done: it goes on with the chained job if there is
    /// one, else it is finished. The chained job's file reaches the child
    /// as a read-only link in its scratch folder, only now; if the link
    /// cannot be made (the learner's code took its name) or sent, the job
    /// goes to a fresh child.
    fn next_job(&mut self, index: usize) {
        let child = &mut self.running[index];
        let Some(next) = child.request.then.take() else {
            child.finished = true;
            return;
        };
        let link = child.scratch.join(format!("job-{}.json", next.id));
        let sent = std::fs::hard_link(&next.job_file, &link).is_ok()
            && child
                .assignment
                .as_mut()
                .is_some_and(|to| writeln!(to, "{}", link.display()).is_ok());
        // Closed: the child reads no further job.
        child.assignment = None;
        if sent {
            child.deadline = Instant::now()
                + Duration::from_millis(next.timeouts_ms.first().copied().unwrap_or(0));
            child.request = *next;
            child.case = 0;
        } else {
            child.finished = true;
            self.queue.push_front(Pending {
                request: *next,
                first_case: 0,
            });
        }
    }

    fn protocol_violation(&mut self, index: usize, detail: &str) -> ChildState {
        let child = &mut self.running[index];
        if !child.finished && child.violation.is_none() {
            kill(child);
            child.violation = Some(detail.to_owned());
            wipe(&mut child.pending);
        }
        ChildState::Closed
    }

    /// The child is done or must die: kill what is left of it, reap it, say
    /// why it stopped, and continue its job in a new child if worth it.
    fn finish(&mut self, index: usize, timed_out: bool) -> Result<(), String> {
        let cleaning = Instant::now();
        let result = self.finish_child(index, timed_out);
        self.profile.cleanup_us += cleaning.elapsed().as_micros() as u64;
        result
    }

    fn finish_child(&mut self, index: usize, timed_out: bool) -> Result<(), String> {
        let child = &mut self.running[index];
        if child.finished {
            // Every result is in: free the slot now, clean up when idle.
            let mut child = self.running.swap_remove(index);
            wipe(&mut child.output);
            wipe(&mut child.pending);
            self.dismiss(child.pid, child.cell, child.scratch);
            return Ok(());
        }
        let status = if timed_out {
            kill(child);
            reap(child);
            None
        } else {
            reap(child)
        };
        // What the child wrote before it ended is still in the pipe.
        let case_before = (child.request.id, child.case);
        if child.violation.is_none() {
            self.read_channel(index)?;
        }
        let mut child = self.running.swap_remove(index);
        read_tail(
            &mut child.stderr,
            &mut child.stderr_tail,
            &mut self.read_buf,
        );
        child.cell.kill();
        let _ = std::fs::remove_dir_all(&child.scratch);
        if child.finished {
            wipe(&mut child.output);
            return Ok(());
        }
        if timed_out && (child.request.id, child.case) != case_before {
            // The case finished just as its time ran out; the next one
            // never started, so it gets a fresh child rather than a verdict.
            self.queue.push_front(Pending {
                first_case: child.case,
                request: child.request,
            });
            return Ok(());
        }
        keep_output(
            &mut child.output,
            &child.pending,
            child.request.output_cap,
            &mut child.output_truncated,
        );
        wipe(&mut child.pending);
        let stderr_text = String::from_utf8_lossy(&child.stderr_tail).into_owned();
        let cause = if let Some(detail) = child.violation.take() {
            StopCause::Protocol { detail }
        } else if timed_out {
            StopCause::Timeout {
                limit_ms: child.request.timeouts_ms[child.case],
            }
        } else {
            match status {
                Some(WaitStatus::Exited(_, code)) => StopCause::Exited { code },
                Some(WaitStatus::Signaled(_, Signal::SIGKILL, _)) if child.cell.oom_kills() > 0 => {
                    StopCause::OutOfMemory
                }
                Some(WaitStatus::Signaled(_, signal, _)) => StopCause::Signaled {
                    signal: signal.as_str().to_owned(),
                },
                _ => StopCause::Exited { code: -1 },
            }
        };
        let job = child.request.id;
        let case = child.case;
        let output = take_lossy(&mut child.output);
        self.emit(ZygoteEvent::Stopped {
            job,
            case,
            cause: cause.clone(),
            loaded: child.loaded,
            chained: false,
            output,
            output_truncated: child.output_truncated,
            stderr_tail: stderr_text,
        })?;
        if child.loaded && case + 1 < child.request.timeouts_ms.len() {
            self.queue.push_front(Pending {
                request: child.request,
                first_case: case + 1,
            });
            return Ok(());
        }
        self.emit(ZygoteEvent::Done { job })?;
        let Some(next) = child.request.then else {
            return Ok(());
        };
        if child.loaded {
            self.queue.push_front(Pending {
                request: *next,
                first_case: 0,
            });
        } else {
            // The module never loaded: the chained job's cases would stop
            // the same way, and are not run.
            for job in chain_ids(&next) {
                self.emit(ZygoteEvent::Stopped {
                    job,
                    case: 0,
                    cause: cause.clone(),
                    loaded: false,
                    chained: true,
                    output: String::new(),
                    output_truncated: false,
                    stderr_tail: String::new(),
                })?;
                self.emit(ZygoteEvent::Done { job })?;
            }
        }
        Ok(())
    }

    /// Processes re-parented to us (double forks) are reaped here; a
    /// tracked child reaped by chance keeps its status for `finish`.
    fn reap_strays(&mut self) {
        loop {
            match waitpid(Pid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) | Err(_) => break,
                Ok(status) => {
                    if let Some(pid) = status.pid() {
                        if let Some(child) = self.running.iter_mut().find(|c| c.pid == pid) {
                            child.exit = Some(status);
                        } else if let Some(exiting) = self.exiting.iter_mut().find(|e| e.pid == pid)
                        {
                            exiting.reaped = true;
                        }
                    }
                }
            }
        }
    }

    fn emit(&mut self, event: ZygoteEvent) -> Result<(), String> {
        let mut line = serde_json::to_vec(&event).map_err(|e| e.to_string())?;
        line.push(b'\n');
        let written = self.protocol.write_all(&line);
        wipe(&mut line);
        wipe_event(event);
        written.map_err(|e| format!("the grader stopped listening: {e}"))
    }
}

/// The ids of a job and of the jobs chained after it.
fn chain_ids(request: &JobRequest) -> Vec<u64> {
    std::iter::successors(Some(request), |r| r.then.as_deref())
        .map(|r| r.id)
        .collect()
}

#[derive(Debug, PartialEq)]
enum ChildState {
    Open,
    Closed,
}

fn kill(child: &Running) {
    let _ = killpg(child.pid, Signal::SIGKILL);
    child.cell.kill();
}

/// Waits for the child to exit. A child whose result pipe closed is exiting;
/// if it is not gone soon it is killed.
fn reap(child: &mut Running) -> Option<WaitStatus> {
    if let Some(status) = child.exit {
        return Some(status);
    }
    for _ in 0..50 {
        match waitpid(child.pid, Some(WaitPidFlag::WNOHANG)) {
            Ok(WaitStatus::StillAlive) => std::thread::sleep(Duration::from_millis(1)),
            Ok(status) => {
                child.exit = Some(status);
                let _ = killpg(child.pid, Signal::SIGKILL);
                return Some(status);
            }
            Err(_) => return None,
        }
    }
    kill(child);
    let status = waitpid(child.pid, None).ok();
    child.exit = status;
    status
}

fn set_nonblocking(fd: impl AsFd) {
    if let Ok(flags) = fcntl(&fd, FcntlArg::F_GETFL) {
        let _ = fcntl(
            &fd,
            FcntlArg::F_SETFL(OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK),
        );
    }
}

fn nonblocking_file(fd: OwnedFd) -> File {
    set_nonblocking(&fd);
    let _ = fcntl(&fd, FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC));
    File::from(fd)
}

/// Adds output to a case's capture, keeping at most `cap` bytes.
fn keep_output(into: &mut Vec<u8>, bytes: &[u8], cap: usize, truncated: &mut bool) {
    let room = cap.saturating_sub(into.len());
    into.extend_from_slice(&bytes[..bytes.len().min(room)]);
    if bytes.len() > room {
        *truncated = true;
    }
}

/// A fresh random marker for one child's result frames. Output cannot
/// contain it by chance; a submission that finds it in memory can only
/// garble its own results, which it could do anyway.
fn frame_token() -> Vec<u8> {
    let mut random = [0u8; 16];
    let _ = File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut random));
    let mut token = b"\x00\x1egrade:".to_vec();
    for byte in random {
        token.extend_from_slice(format!("{byte:02x}").as_bytes());
    }
    token.push(b':');
    token
}

/// Keeps the last bytes written on stderr, for crash reports.
fn read_tail(from: &mut File, tail: &mut Vec<u8>, buf: &mut [u8]) {
    loop {
        match read_wiped(from, buf, tail) {
            Ok(0) => break,
            Ok(_) => {
                if tail.len() > STDERR_TAIL {
                    let excess = tail.len() - STDERR_TAIL;
                    tail[..excess].fill(0);
                    tail.drain(..excess);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
}

/// One read through `buf` onto the end of `into`; the bytes are zeroed in
/// `buf` at once (see [`wipe`]). Only what was read is zeroed: clearing
/// the whole buffer on every read cost more than the rest of a case.
fn read_wiped(from: &mut File, buf: &mut [u8], into: &mut Vec<u8>) -> std::io::Result<usize> {
    let n = from.read(buf)?;
    into.extend_from_slice(&buf[..n]);
    buf[..n].fill(0);
    Ok(n)
}

/// Zeroes the strings of a relayed event (see [`wipe`]).
fn wipe_event(event: ZygoteEvent) {
    fn wipe_str(text: String) {
        wipe(&mut text.into_bytes());
    }
    fn wipe_raw(raw: Box<RawValue>) {
        let text: Box<str> = raw.into();
        wipe(&mut text.into_string().into_bytes());
    }
    match event {
        ZygoteEvent::Result { result, output, .. } => {
            wipe_raw(result);
            wipe_str(output);
        }
        ZygoteEvent::Invalid { detail, .. } => wipe_raw(detail),
        ZygoteEvent::Stopped {
            output,
            stderr_tail,
            ..
        } => {
            wipe_str(output);
            wipe_str(stderr_tail);
        }
        ZygoteEvent::Done { .. } => {}
        ZygoteEvent::Failed { message, .. } => wipe_str(message),
    }
}

fn take_lossy(buf: &mut Vec<u8>) -> String {
    let text = String::from_utf8_lossy(buf).into_owned();
    wipe(buf);
    text
}

/// Zeroes a buffer before freeing its contents, so that the next child
/// forked from this process cannot read it in the memory it inherits.
fn wipe(buf: &mut Vec<u8>) {
    buf.fill(0);
    buf.clear();
}
