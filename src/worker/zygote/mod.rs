//! The zygote: a single-threaded process that starts Python once, then forks
//! sandboxed children and supervises them: per-case deadlines, kills,
//! reaping, kernel measurements, and continuing a job in a new child after
//! a case timed out or crashed.
//!
//! It reads [`Request`] lines on stdin and writes [`Kind`] frames on the
//! descriptor that was its stdout. Three rules make it safe to fork from:
//! - it never holds case code or expected values (those are in job files
//!   only children read, and in the grader);
//! - what children write passes through one read buffer, relayed to the
//!   grader at once and wiped, never parsed into anything kept (see
//!   `super::frames`), so no later child inherits another's bytes;
//! - hidden cases reach a child only once no child that can still add to a
//!   visible report is running, in the whole run (see [`Server::hidden_allowed`]).

mod children;
mod meter;
mod python;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, FromRawFd};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::Signal;
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;
use pyo3::prelude::*;

use self::children::{Cells, Exiting, Running, Spare};
use self::python::Interpreter;
use super::frames::Piece;
use super::protocol::{Assignment, CaseEnd, JobRequest, Kind, Request, Tag, WireStop, ZygoteEvent};
use crate::sandbox;

/// The learner module and sandbox set-up run before the first case's clock
/// would be fair to start; this much extra is allowed for them.
const STARTUP_GRACE: Duration = Duration::from_millis(150);
/// A result longer than this is a protocol violation.
const MAX_RESULT: usize = 64 << 20;
/// A small frame (`S`, `L`, `F`) longer than this is a protocol violation.
const MAX_SMALL_FRAME: usize = 4096;

/// Modules that take tens of milliseconds to import. The zygote imports one
/// only when at least [`HEAVY_SHARED_FROM`] queued jobs need it (others: two),
/// so that one or two async challenges import asyncio in their own
/// children, in parallel with the rest of the run, rather than holding up
/// every fork.
const HEAVY_MODULES: [&str; 1] = ["asyncio"];
const HEAVY_SHARED_FROM: usize = 3;

/// Spare children kept ready per worker slot.
const SPARES_PER_SLOT: usize = 3;

/// Children that finished their visible cases and wait, alive, for the
/// hidden phase, per worker slot; beyond this their hidden job goes to a
/// fresh child later, so that a long visible phase does not hold hundreds
/// of idle children.
const PARKED_PER_SLOT: usize = 8;

/// Options of `grade __zygote`.
pub struct ZygoteOptions {
    pub jobs: usize,
    pub run_dir: PathBuf,
    /// Where to append the profile of where the zygote's time went.
    pub profile: Option<PathBuf>,
}

/// What stops the zygote: the grader's problem or the machine's, never a
/// child's.
#[derive(Debug, thiserror::Error)]
pub enum ZygoteError {
    #[error("cannot set up the protocol descriptor: {0}")]
    Descriptor(std::io::Error),
    #[error(transparent)]
    Init(#[from] crate::python::InitError),
    #[error("the grading harness does not load: {0}")]
    Harness(String),
    #[error("poll failed: {0}")]
    Poll(Errno),
    #[error("cannot read jobs: {0}")]
    Stdin(std::io::Error),
    #[error("malformed request: {0}")]
    Request(String),
    #[error("the grader stopped listening: {0}")]
    Grader(std::io::Error),
    #[error("cannot create {path}: {source}")]
    Scratch {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("sandbox: {0}")]
    Sandbox(#[from] sandbox::SandboxError),
    #[error("cannot make a pipe: {0}")]
    Pipe(Errno),
    #[error("fork failed: {0}")]
    Fork(Errno),
    #[error("waiting for child {pid} failed: {errno}")]
    Wait { pid: Pid, errno: Errno },
}

pub fn serve(options: ZygoteOptions) -> Result<(), ZygoteError> {
    let protocol = protocol_descriptor()?;
    let host = sandbox::Host::detect();
    sandbox::become_subreaper();
    crate::python::initialize()?;
    Python::attach(|py| {
        let interpreter =
            Interpreter::start(py).map_err(|e| ZygoteError::Harness(e.to_string()))?;
        let mut server = Server {
            interpreter,
            relay: Relay { out: protocol },
            requests: Requests {
                open: true,
                buf: Vec::new(),
            },
            table_ready: false,
            queue: VecDeque::new(),
            running: Vec::new(),
            parked: Vec::new(),
            spares: VecDeque::new(),
            exiting: Vec::new(),
            cells: Cells::default(),
            read_buf: vec![0; 65536],
            pieces: Vec::new(),
            loaded: HashSet::new(),
            dead: HashMap::new(),
            reaped: HashMap::new(),
            visible_left: 0,
            attempts: 0,
            baseline_mb: virtual_memory_mb(),
            profile: Profile::default(),
            host,
            options,
        };
        let served = server.serve();
        server.profile.write(server.options.profile.as_deref());
        served
    })
}

/// The protocol leaves fd 1, so that nothing printed by Python in this
/// process can corrupt it; fd 1 becomes /dev/null.
fn protocol_descriptor() -> Result<File, ZygoteError> {
    // SAFETY: fcntl duplicates fd 1, which is open (the grader's pipe).
    let fd = unsafe { libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 10) };
    if fd < 0 {
        return Err(ZygoteError::Descriptor(std::io::Error::last_os_error()));
    }
    // SAFETY: fd was just returned by fcntl and is owned by nothing else.
    let protocol = unsafe { File::from_raw_fd(fd) };
    let null = File::options()
        .write(true)
        .open("/dev/null")
        .map_err(ZygoteError::Descriptor)?;
    // SAFETY: dup2 onto fd 1, which the protocol no longer uses.
    if unsafe { libc::dup2(std::os::fd::AsRawFd::as_raw_fd(&null), 1) } < 0 {
        return Err(ZygoteError::Descriptor(std::io::Error::last_os_error()));
    }
    Ok(protocol)
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

/// The frames to the grader.
struct Relay {
    out: File,
}

impl Relay {
    fn send(&mut self, kind: Kind, job: u32, payload: &[u8]) -> Result<(), ZygoteError> {
        let header = kind.header(job, payload.len());
        let mut slices = [
            std::io::IoSlice::new(&header),
            std::io::IoSlice::new(payload),
        ];
        let mut slices: &mut [std::io::IoSlice<'_>] = &mut slices;
        while !slices.is_empty() {
            match self.out.write_vectored(slices) {
                Ok(0) => return Err(ZygoteError::Grader(std::io::ErrorKind::WriteZero.into())),
                Ok(n) => std::io::IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ZygoteError::Grader(e)),
            }
        }
        Ok(())
    }

    fn event(&mut self, job: u32, event: &ZygoteEvent) -> Result<(), ZygoteError> {
        let json = serde_json::to_vec(event).map_err(|e| ZygoteError::Grader(e.into()))?;
        self.send(Kind::Event, job, &json)
    }
}

/// Requests from the grader, a line each.
struct Requests {
    open: bool,
    buf: Vec<u8>,
}

/// A job (or the rest of one) waiting for a child.
struct Pending {
    request: JobRequest,
    next_case: usize,
}

/// Where the zygote's time goes, written to the file named by
/// `--profile` when it exits (for the benchmarks).
#[derive(Debug, Default, serde::Serialize)]
struct Profile {
    children: u64,
    /// Scratch folder, cell, pipes and fork, in the zygote.
    spawn_us: u64,
    /// `sandbox::enter` in the children.
    sandbox_us: u64,
    /// Killing, reaping, removing the cell.
    cleanup_us: u64,
}

impl Profile {
    fn write(&self, path: Option<&std::path::Path>) {
        let Some(path) = path else { return };
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{}", serde_json::to_string(self).unwrap_or_default());
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum ChannelState {
    Open,
    Closed,
}

struct Server<'py> {
    interpreter: Interpreter<'py>,
    options: ZygoteOptions,
    host: sandbox::Host,
    relay: Relay,
    requests: Requests,
    /// The exception table is resolved: children may be forked.
    table_ready: bool,
    queue: VecDeque<Pending>,
    running: Vec<Running>,
    /// Children that finished a visible job and wait for its hidden one.
    parked: Vec<Running>,
    spares: VecDeque<Spare>,
    /// Children killed and not yet cleaned up after.
    exiting: Vec<Exiting>,
    cells: Cells,
    /// Where children's output is read through, zeroed after each read.
    read_buf: Vec<u8>,
    /// Pieces of the current read (ranges: no bytes of the child's).
    pieces: Vec<Piece>,
    /// (group, unit) whose module finished loading in some child.
    loaded: HashSet<(u32, u32)>,
    /// (group, unit) that stopped a child before its module ever loaded:
    /// their remaining cases are not tried.
    dead: HashMap<(u32, u32), WireStop>,
    /// Exit statuses of children reaped before anyone asked.
    reaped: HashMap<Pid, WaitStatus>,
    /// Visible jobs not yet done.
    visible_left: usize,
    attempts: u64,
    baseline_mb: u64,
    profile: Profile,
}

impl Server<'_> {
    fn serve(&mut self) -> Result<(), ZygoteError> {
        set_nonblocking(std::io::stdin().as_fd());
        loop {
            if self.table_ready {
                self.share_imports();
                self.start_jobs()?;
                self.refill_spares()?;
            }
            if !self.requests.open
                && self.queue.is_empty()
                && self.running.is_empty()
                && self.parked.is_empty()
            {
                self.clean_up_exiting(true)?;
                return Ok(());
            }
            self.wait_for_activity()?;
            self.reap_strays();
            self.clean_up_exiting(false)?;
            self.service_running()?;
            self.service_parked()?;
        }
    }

    /// Hidden code may reach a child only once every visible job of the run
    /// is known and done: no child that can still add to a visible report
    /// is running then, whoever's it is.
    fn hidden_allowed(&self) -> bool {
        !self.requests.open && self.visible_left == 0
    }

    fn wait_for_activity(&mut self) -> Result<(), ZygoteError> {
        let stdin = std::io::stdin();
        let mut fds = Vec::new();
        if self.requests.open {
            fds.push(PollFd::new(stdin.as_fd(), PollFlags::POLLIN));
        }
        for child in &self.running {
            fds.push(PollFd::new(child.channel.as_fd(), PollFlags::POLLIN));
            fds.push(PollFd::new(child.stderr.as_fd(), PollFlags::POLLIN));
        }
        for child in &self.parked {
            fds.push(PollFd::new(child.channel.as_fd(), PollFlags::POLLIN));
        }
        let now = Instant::now();
        let timeout = self
            .running
            .iter()
            .filter_map(|child| child.deadline)
            .map(|deadline| deadline.saturating_duration_since(now))
            .min()
            // Strays and exits without a closed pipe are noticed at least
            // this often.
            .map_or(Duration::from_millis(200), |left| {
                left.min(Duration::from_millis(200))
            });
        let millis = u16::try_from(timeout.as_millis() + 1).unwrap_or(u16::MAX);
        match poll(&mut fds, PollTimeout::from(millis)) {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => return Err(ZygoteError::Poll(e)),
        }
        let stdin_ready = self.requests.open
            && fds[0]
                .revents()
                .is_some_and(|r| r.intersects(PollFlags::POLLIN | PollFlags::POLLHUP));
        drop(fds);
        if stdin_ready {
            self.read_requests()?;
        }
        Ok(())
    }

    fn read_requests(&mut self) -> Result<(), ZygoteError> {
        let mut chunk = [0u8; 65536];
        loop {
            match std::io::stdin().lock().read(&mut chunk) {
                Ok(0) => {
                    self.requests.open = false;
                    break;
                }
                Ok(n) => self.requests.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ZygoteError::Stdin(e)),
            }
        }
        while let Some(end) = self.requests.buf.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.requests.buf.drain(..=end).collect();
            let request: Request =
                serde_json::from_slice(&line).map_err(|e| ZygoteError::Request(e.to_string()))?;
            match request {
                Request::Setup(setup) if !self.table_ready => {
                    let table = self
                        .interpreter
                        .resolve_table(&setup.exception_names)
                        .map_err(|e| ZygoteError::Harness(e.to_string()))?;
                    self.relay.event(0, &ZygoteEvent::Table(table))?;
                    self.table_ready = true;
                }
                Request::Setup(_) => {
                    return Err(ZygoteError::Request("a second set-up".into()));
                }
                Request::Job(_) if !self.table_ready => {
                    return Err(ZygoteError::Request("a job before the set-up".into()));
                }
                Request::Job(job) => {
                    self.visible_left += chain(&job).filter(|j| !j.hidden).count();
                    self.queue.push_back(Pending {
                        request: job,
                        next_case: 0,
                    });
                }
            }
        }
        if !self.requests.open && !self.requests.buf.is_empty() {
            return Err(ZygoteError::Request("an unfinished line".into()));
        }
        Ok(())
    }

    /// Fills the worker slots: children parked for the hidden phase first
    /// (they are ready), then queued jobs allowed to start.
    fn start_jobs(&mut self) -> Result<(), ZygoteError> {
        while self.running.len() < self.options.jobs.max(1) {
            if self.hidden_allowed() {
                if let Some(mut child) = self.parked.pop() {
                    let next = child.waiting.take();
                    self.running.push(child);
                    let index = self.running.len() - 1;
                    if let Some(next) = next {
                        self.chain_into(index, next)?;
                    }
                    continue;
                }
            }
            let allowed = self.hidden_allowed();
            let Some(position) = self
                .queue
                .iter()
                .position(|pending| allowed || !pending.request.hidden)
            else {
                break;
            };
            let pending = self.queue.remove(position).expect("a queued job");
            self.start(pending)?;
        }
        Ok(())
    }

    /// Reports the cases of `request` from `next` on whose unit died
    /// without loading, as not run; returns the first case to run.
    fn skip_dead(&mut self, request: &JobRequest, mut next: usize) -> Result<usize, ZygoteError> {
        while let Some(plan) = request.cases.get(next) {
            let Some(&stop) = self.dead.get(&(request.group, plan.unit)) else {
                break;
            };
            self.relay.event(
                request.id,
                &ZygoteEvent::Stopped {
                    case: next as u32,
                    stop,
                    not_run: true,
                },
            )?;
            next += 1;
        }
        Ok(next)
    }

    /// The cases one child runs from `first`: up to the next measured case
    /// (which needs a fresh child) or the next case of a dead unit.
    fn assignable(&self, request: &JobRequest, first: usize) -> Vec<u32> {
        let mut cases = vec![first as u32];
        for (index, plan) in request.cases.iter().enumerate().skip(first + 1) {
            if plan.measured || self.dead.contains_key(&(request.group, plan.unit)) {
                break;
            }
            cases.push(index as u32);
        }
        cases
    }

    /// Every case of a job has a verdict: it is done, and its chained job
    /// (if any) waits for a child of its own.
    fn job_done(&mut self, mut request: JobRequest) -> Result<(), ZygoteError> {
        self.relay.event(request.id, &ZygoteEvent::Done)?;
        if !request.hidden {
            self.visible_left -= 1;
        }
        if let Some(next) = request.then.take() {
            self.queue.push_front(Pending {
                request: *next,
                next_case: 0,
            });
        }
        Ok(())
    }

    fn start(&mut self, pending: Pending) -> Result<(), ZygoteError> {
        let Pending { request, next_case } = pending;
        let first = self.skip_dead(&request, next_case)?;
        if first >= request.cases.len() {
            return self.job_done(request);
        }
        let spawning = Instant::now();
        let cases = self.assignable(&request, first);
        let reaches_end = cases
            .last()
            .is_some_and(|&c| c as usize + 1 == request.cases.len());
        let chained_ms: u64 = chain(&request)
            .skip(1)
            .flat_map(|job| job.cases.iter().map(|c| c.timeout_ms))
            .sum();
        let remaining_ms: u64 = request.cases[first..]
            .iter()
            .map(|c| c.timeout_ms)
            .sum::<u64>()
            + chained_ms;
        let assignment = Assignment {
            job_file: request.job_file.clone(),
            cases: cases.clone(),
            measured_first: request.cases[first].measured,
            chained: reaches_end && request.then.is_some(),
            memory_mb: self.baseline_mb + request.memory_mb,
            cpu_seconds: remaining_ms.div_ceil(1000) + 2,
            imports: self.interpreter.left_to_import(&request.imports),
        };
        let mut spare = self.take_spare(&request.imports)?;
        // A spare that died while waiting shows up as a stopped job.
        let _ = send_assignment(&mut spare.control, &assignment);
        let deadline =
            Instant::now() + STARTUP_GRACE + Duration::from_millis(request.cases[first].timeout_ms);
        let mut child = Running::new(request, spare, cases, deadline);
        child.chained = assignment.chained;
        self.running.push(child);
        self.profile.spawn_us += spawning.elapsed().as_micros() as u64;
        Ok(())
    }

    /// Keeps spare children ready, a few per worker slot, but no more than
    /// the jobs still to start once every job is known.
    fn refill_spares(&mut self) -> Result<(), ZygoteError> {
        let mut wanted = SPARES_PER_SLOT * self.options.jobs.max(1);
        if !self.requests.open {
            wanted = wanted.min(self.queue.len() + self.parked.len());
        }
        while self.spares.len() < wanted {
            let spare = self.fork_spare()?;
            self.spares.push_back(spare);
        }
        while self.spares.len() > wanted {
            if let Some(spare) = self.spares.pop_back() {
                self.retire(spare);
            }
        }
        Ok(())
    }

    /// A spare child that inherited every module the zygote imported for
    /// this job; stale spares are let go.
    fn take_spare(&mut self, imports: &[String]) -> Result<Spare, ZygoteError> {
        let wanted: Vec<&String> = imports
            .iter()
            .filter(|m| self.interpreter.imported.contains(*m))
            .collect();
        while let Some(spare) = self.spares.pop_front() {
            if wanted.iter().all(|m| spare.imported.contains(*m)) {
                return Ok(spare);
            }
            self.retire(spare);
        }
        self.fork_spare()
    }

    /// Imports in the zygote the standard-library modules that more than
    /// one queued job imports, so that their children inherit them instead
    /// of each importing them again. A module only one job wants is left to
    /// its child, which imports it in parallel with the rest of the run.
    fn share_imports(&mut self) {
        let mut wanting: HashMap<&str, usize> = HashMap::new();
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
                count >= least && !self.interpreter.imported.contains(module)
            })
            .map(|(module, _)| module.to_owned())
            .collect();
        shared.sort();
        self.interpreter.import_all(&shared);
    }

    /// Reads, relays and acts on what every running child wrote, and ends
    /// the children that are done, timed out or gone.
    fn service_running(&mut self) -> Result<(), ZygoteError> {
        let now = Instant::now();
        let mut index = 0;
        while index < self.running.len() {
            self.relay_stderr(index)?;
            let state = self.read_channel(index)?;
            let child = &self.running[index];
            let timed_out = !child.finished && child.deadline.is_some_and(|d| now >= d);
            if child.finished
                || state == ChannelState::Closed
                || timed_out
                || child.exit.is_some()
                || child.violation.is_some()
            {
                self.finish(index, timed_out)?;
            } else if child.waiting.is_some() {
                let child = self.running.swap_remove(index);
                self.parked.push(child);
            } else {
                index += 1;
            }
        }
        Ok(())
    }

    /// A parked child says nothing; if it writes, it is drained, and if it
    /// dies its hidden job goes to a fresh child.
    fn service_parked(&mut self) -> Result<(), ZygoteError> {
        let mut index = 0;
        while index < self.parked.len() {
            let child = &mut self.parked[index];
            let mut closed = false;
            loop {
                match read_wiped(&mut child.channel, &mut self.read_buf) {
                    Ok(0) => {
                        closed = true;
                        break;
                    }
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            if closed || child.exit.is_some() {
                let mut child = self.parked.swap_remove(index);
                if let Some(next) = child.waiting.take() {
                    self.queue.push_front(Pending {
                        request: next,
                        next_case: 0,
                    });
                }
                self.dismiss(child);
            } else {
                index += 1;
            }
        }
        Ok(())
    }

    fn relay_stderr(&mut self, index: usize) -> Result<(), ZygoteError> {
        loop {
            let child = &mut self.running[index];
            let job = child.request.id;
            match child.stderr.read(&mut self.read_buf) {
                Ok(0) => return Ok(()),
                Ok(n) => {
                    let sent = self.relay.send(Kind::Stderr, job, &self.read_buf[..n]);
                    self.read_buf[..n].fill(0);
                    sent?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Ok(()),
            }
        }
    }

    /// Reads the child's channel: output is relayed as the current case's,
    /// frames are acted on in the order they were written.
    fn read_channel(&mut self, index: usize) -> Result<ChannelState, ZygoteError> {
        loop {
            let n = match self.running[index].channel.read(&mut self.read_buf) {
                Ok(0) => return Ok(ChannelState::Closed),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    return Ok(ChannelState::Open)
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Ok(ChannelState::Closed),
            };
            let mut pieces = std::mem::take(&mut self.pieces);
            pieces.clear();
            self.running[index]
                .decoder
                .feed(&self.read_buf[..n], &mut pieces);
            let buf = std::mem::take(&mut self.read_buf);
            let handled = pieces
                .iter()
                .try_for_each(|piece| self.handle_piece(index, piece.clone(), &buf[..n]));
            self.read_buf = buf;
            self.read_buf[..n].fill(0);
            self.pieces = pieces;
            handled?;
            let child = &self.running[index];
            if child.violation.is_some() || child.finished || child.waiting.is_some() {
                // What it writes from now on is of no case: leave it unread.
                return Ok(ChannelState::Open);
            }
        }
    }

    fn handle_piece(&mut self, index: usize, piece: Piece, read: &[u8]) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        if child.violation.is_some() {
            return Ok(());
        }
        if child.finished || child.waiting.is_some() {
            // Anything after the last result: the child's results are in.
            return Ok(());
        }
        match piece {
            Piece::Output(range) => self.output(index, &read[range]),
            Piece::HeldOutput(length) => {
                let held = child.decoder.held(length).to_vec();
                self.output(index, &held)
            }
            Piece::Start(tag) => {
                child.frame = tag;
                child.small.clear();
                match tag {
                    None => child.violation = Some(WireStop::Garbled),
                    Some(Tag::Result) if child.position >= child.assigned.len() => {
                        child.violation = Some(WireStop::AfterLast)
                    }
                    Some(_) => {}
                }
                Ok(())
            }
            Piece::Payload(range) => match child.frame {
                Some(Tag::Result) => {
                    if child.decoder.payload_len() > MAX_RESULT {
                        child.violation = Some(WireStop::TooLarge);
                        return Ok(());
                    }
                    let job = child.request.id;
                    self.relay.send(Kind::ResultPart, job, &read[range])
                }
                Some(_) => {
                    if child.small.len() + range.len() > MAX_SMALL_FRAME {
                        child.violation = Some(WireStop::Garbled);
                    } else {
                        child.small.extend_from_slice(&read[range]);
                    }
                    Ok(())
                }
                None => Ok(()),
            },
            Piece::End => {
                let frame = child.frame.take();
                let handled = match frame {
                    Some(Tag::Result) => self.result_end(index),
                    Some(Tag::Sandboxed) => self.sandboxed(index),
                    Some(Tag::Loaded) => {
                        self.loaded_frame(index);
                        Ok(())
                    }
                    Some(Tag::Failed) => self.failed_frame(index),
                    Some(Tag::Leftovers) => {
                        self.leftovers(index);
                        Ok(())
                    }
                    None => Ok(()),
                };
                if let Some(child) = self.running.get_mut(index) {
                    child.small.fill(0);
                    child.small.clear();
                }
                handled
            }
        }
    }

    /// Output of the current case, up to its cap.
    fn output(&mut self, index: usize, bytes: &[u8]) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        let cap = child.request.output_cap;
        let room = cap.saturating_sub(child.output_bytes);
        let kept = bytes.len().min(room);
        child.output_bytes += kept;
        let job = child.request.id;
        let overflow = bytes.len() > room && !child.output_truncated;
        if overflow {
            child.output_truncated = true;
        }
        if kept > 0 {
            self.relay.send(Kind::Output, job, &bytes[..kept])?;
        }
        if overflow {
            self.relay.send(Kind::OutputTruncated, job, &[])?;
        }
        Ok(())
    }

    fn sandboxed(&mut self, index: usize) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        if child.sandboxed {
            child.violation = Some(WireStop::Garbled);
            return Ok(());
        }
        child.sandboxed = true;
        let micros = std::str::from_utf8(&child.small)
            .ok()
            .and_then(|m| m.parse::<u64>().ok());
        self.profile.sandbox_us += micros.unwrap_or(0);
        child.case_started = Instant::now();
        let first = child.assigned[0] as usize;
        if child.request.cases[first].measured {
            child.baseline = meter::baseline(child.pid, &child.cell);
            child.deadline =
                Some(Instant::now() + Duration::from_millis(child.request.cases[first].timeout_ms));
            child.case_started = Instant::now();
            child.go();
        }
        Ok(())
    }

    /// The case left processes: they die before the next case starts.
    fn leftovers(&mut self, index: usize) {
        let child = &mut self.running[index];
        // Whatever survives a second of kills is the cell's to hold until
        // the child ends; the child goes on either way.
        let _ = child.cell.kill_except(child.pid.as_raw());
        child.go();
    }

    fn loaded_frame(&mut self, index: usize) {
        let child = &mut self.running[index];
        let unit = std::str::from_utf8(&child.small)
            .ok()
            .and_then(|u| u.parse::<u32>().ok());
        match unit {
            Some(unit) => {
                self.loaded.insert((child.request.group, unit));
            }
            None => child.violation = Some(WireStop::Garbled),
        }
    }

    /// `F` before `S` is the grader's own code failing to set the child up;
    /// after it, learner code may have written it: a crash of the case.
    fn failed_frame(&mut self, index: usize) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        if child.sandboxed {
            child.violation = Some(WireStop::LateFailure);
            return Ok(());
        }
        let message = serde_json::from_slice::<String>(&child.small)
            .unwrap_or_else(|_| "the child could not set itself up".to_owned());
        child.finished = true;
        let job = child.request.id;
        self.relay.event(job, &ZygoteEvent::Failed { message })
    }

    fn result_end(&mut self, index: usize) -> Result<(), ZygoteError> {
        let now = Instant::now();
        let child = &mut self.running[index];
        let case = child.assigned[child.position] as usize;
        let figures = match (&child.baseline, child.request.cases[case].measured) {
            (Some(baseline), true) => meter::measure(child.pid, &child.cell, baseline),
            _ => None,
        };
        let end = CaseEnd {
            cpu_ns: figures.map(|f| f.cpu_ns),
            peak_bytes: figures.map(|f| f.peak_bytes),
        };
        let job = child.request.id;
        let json = serde_json::to_vec(&end).map_err(|e| ZygoteError::Grader(e.into()))?;
        self.relay.send(Kind::ResultEnd, job, &json)?;
        let child = &mut self.running[index];
        if child.baseline.is_some() {
            // The measured child waits until its figures are read.
            child.go();
        }
        child.position += 1;
        child.output_bytes = 0;
        child.output_truncated = false;
        child.baseline = None;
        child.case_started = now;
        match child.assigned.get(child.position) {
            Some(&next) => {
                child.deadline = Some(
                    now + Duration::from_millis(child.request.cases[next as usize].timeout_ms),
                );
                Ok(())
            }
            None => self.range_done(index),
        }
    }

    /// The child ran every case it was assigned.
    fn range_done(&mut self, index: usize) -> Result<(), ZygoteError> {
        let child = &mut self.running[index];
        child.deadline = None;
        let last = *child.assigned.last().expect("a non-empty assignment") as usize;
        if last + 1 < child.request.cases.len() {
            // The next case needs a fresh child.
            child.finished = true;
            let request = child.request.clone();
            self.queue.push_front(Pending {
                request,
                next_case: last + 1,
            });
            return Ok(());
        }
        let next = child.request.then.take();
        let chained = child.chained;
        let finished = child.request.clone();
        self.job_done(JobRequest {
            then: None,
            ..finished
        })?;
        let Some(next) = next else {
            self.running[index].finished = true;
            return Ok(());
        };
        let measured = next.cases.first().is_some_and(|c| c.measured);
        if !chained || measured {
            self.running[index].finished = true;
            self.queue.push_front(Pending {
                request: *next,
                next_case: 0,
            });
        } else if next.hidden && !self.hidden_allowed() {
            if self.parked.len() < PARKED_PER_SLOT * self.options.jobs.max(1) {
                self.running[index].waiting = Some(*next);
            } else {
                self.running[index].finished = true;
                self.queue.push_front(Pending {
                    request: *next,
                    next_case: 0,
                });
            }
        } else {
            self.chain_into(index, *next)?;
        }
        Ok(())
    }

    /// Gives a running child its chained job. Its file reaches the child
    /// as a read-only link in its scratch folder, only now; if the link
    /// cannot be made (the learner's code took its name) or sent, the job
    /// goes to a fresh child.
    fn chain_into(&mut self, index: usize, next: JobRequest) -> Result<(), ZygoteError> {
        let first = self.skip_dead(&next, 0)?;
        if first >= next.cases.len() {
            self.running[index].finished = true;
            return self.job_done(next);
        }
        let cases = self.assignable(&next, first);
        let reaches_end = cases
            .last()
            .is_some_and(|&c| c as usize + 1 == next.cases.len());
        let child = &mut self.running[index];
        let link = child.scratch.join(format!("job-{}.bin", next.id));
        let assignment = Assignment {
            job_file: link.clone(),
            cases: cases.clone(),
            measured_first: false,
            chained: reaches_end && next.then.is_some(),
            memory_mb: 0,
            cpu_seconds: 0,
            imports: Vec::new(),
        };
        let sent = !next.cases[first].measured
            && std::fs::hard_link(&next.job_file, &link).is_ok()
            && send_assignment(&mut child.control, &assignment).is_ok();
        child.chained = assignment.chained;
        if !sent {
            child.finished = true;
            self.queue.push_front(Pending {
                request: next,
                next_case: first,
            });
            return Ok(());
        }
        let now = Instant::now();
        child.deadline = Some(now + Duration::from_millis(next.cases[first].timeout_ms));
        child.case_started = now;
        child.request = next;
        child.assigned = cases;
        child.position = 0;
        Ok(())
    }

    /// The child is done or must die: kill what is left of it, reap it, say
    /// why it stopped, and continue its job in a new child.
    fn finish(&mut self, index: usize, timed_out: bool) -> Result<(), ZygoteError> {
        let cleaning = Instant::now();
        let result = self.finish_child(index, timed_out);
        self.profile.cleanup_us += cleaning.elapsed().as_micros() as u64;
        result
    }

    fn finish_child(&mut self, index: usize, timed_out: bool) -> Result<(), ZygoteError> {
        if self.running[index].finished {
            let child = self.running.swap_remove(index);
            self.dismiss(child);
            return Ok(());
        }
        let killed = timed_out || self.running[index].violation.is_some();
        if killed {
            self.running[index].kill();
        }
        let (status, reaped_by_kill) = self.reap(index)?;
        // What the child wrote before it ended is still in the pipe.
        let position_before = self.running[index].position;
        if self.running[index].violation.is_none() {
            self.read_channel(index)?;
            self.relay_stderr(index)?;
        }
        let child = &self.running[index];
        if child.finished || child.waiting.is_some() {
            let mut child = self.running.swap_remove(index);
            if let Some(next) = child.waiting.take() {
                self.queue.push_front(Pending {
                    request: next,
                    next_case: 0,
                });
            }
            self.dismiss(child);
            return Ok(());
        }
        if timed_out && child.position != position_before {
            // The case finished just as its time ran out; the next one
            // never started, so it gets a fresh child rather than a verdict.
            let child = self.running.swap_remove(index);
            let next_case = child.assigned[child.position] as usize;
            self.queue.push_front(Pending {
                request: child.request.clone(),
                next_case,
            });
            self.dismiss(child);
            return Ok(());
        }
        let case = child.assigned[child.position] as usize;
        let stop = if let Some(violation) = child.violation {
            violation
        } else if timed_out {
            WireStop::Timeout {
                limit_ms: child.request.cases[case].timeout_ms,
            }
        } else {
            match status {
                WaitStatus::Exited(_, code) if code == super::HARNESS_BROKEN => {
                    WireStop::HarnessBroken
                }
                WaitStatus::Exited(_, code) => WireStop::Exited { code },
                WaitStatus::Signaled(_, Signal::SIGKILL, _) if child.cell.oom_kills() > 0 => {
                    WireStop::OutOfMemory
                }
                WaitStatus::Signaled(_, Signal::SIGKILL, _) if reaped_by_kill => WireStop::Closed,
                WaitStatus::Signaled(_, Signal::SIGXCPU, _) => WireStop::CpuLimit,
                WaitStatus::Signaled(_, signal, _) => WireStop::Signaled {
                    signal: signal as i32,
                },
                other => WireStop::Signaled {
                    signal: match other {
                        WaitStatus::Stopped(_, signal) => signal as i32,
                        _ => Signal::SIGKILL as i32,
                    },
                },
            }
        };
        let job = child.request.id;
        if !child.sandboxed && !timed_out {
            // No learner code ran: the machine failed to set the child up.
            let message = format!("a child died while setting itself up ({stop:?})");
            self.relay.event(job, &ZygoteEvent::Failed { message })?;
            let child = self.running.swap_remove(index);
            self.dismiss(child);
            return Ok(());
        }
        self.relay.event(
            job,
            &ZygoteEvent::Stopped {
                case: case as u32,
                stop,
                not_run: false,
            },
        )?;
        let unit = (child.request.group, child.request.cases[case].unit);
        if !self.loaded.contains(&unit) {
            self.dead.insert(unit, stop);
        }
        let child = self.running.swap_remove(index);
        let request = child.request.clone();
        self.dismiss(child);
        self.queue.push_front(Pending {
            request,
            next_case: case + 1,
        });
        Ok(())
    }

    /// Waits for a child to exit. A child whose result pipe closed is
    /// exiting; if it is not gone soon it is killed (the second value says
    /// so).
    fn reap(&mut self, index: usize) -> Result<(WaitStatus, bool), ZygoteError> {
        let child = &mut self.running[index];
        if let Some(status) = child.exit {
            return Ok((status, false));
        }
        if let Some(status) = self.reaped.remove(&child.pid) {
            child.exit = Some(status);
            return Ok((status, false));
        }
        for _ in 0..50 {
            match waitpid(child.pid, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) => std::thread::sleep(Duration::from_millis(1)),
                Ok(status) => {
                    child.exit = Some(status);
                    return Ok((status, false));
                }
                Err(errno) => {
                    return Err(ZygoteError::Wait {
                        pid: child.pid,
                        errno,
                    })
                }
            }
        }
        child.kill();
        let status = waitpid(child.pid, None).map_err(|errno| ZygoteError::Wait {
            pid: child.pid,
            errno,
        })?;
        child.exit = Some(status);
        Ok((status, true))
    }

    /// Processes re-parented to us (double forks) are reaped here; a
    /// tracked child reaped by chance keeps its status for `finish`.
    fn reap_strays(&mut self) {
        loop {
            match waitpid(Pid::from_raw(-1), Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) | Err(_) => break,
                Ok(status) => {
                    let Some(pid) = status.pid() else { continue };
                    if let Some(child) = self
                        .running
                        .iter_mut()
                        .chain(self.parked.iter_mut())
                        .find(|c| c.pid == pid)
                    {
                        child.exit = Some(status);
                    } else if let Some(exiting) = self.exiting.iter_mut().find(|e| e.pid == pid) {
                        exiting.reaped = true;
                    } else if self.spares.iter().any(|s| s.pid == pid) {
                        self.reaped.insert(pid, status);
                    }
                }
            }
        }
    }
}

/// A job and the jobs chained after it.
fn chain(request: &JobRequest) -> impl Iterator<Item = &JobRequest> {
    std::iter::successors(Some(request), |r| r.then.as_deref())
}

fn send_assignment(control: &mut File, assignment: &Assignment) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(assignment).map_err(std::io::Error::other)?;
    line.push(b'\n');
    control.write_all(&line)
}

fn set_nonblocking(fd: impl AsFd) {
    use nix::fcntl::{fcntl, FcntlArg, OFlag};
    if let Ok(flags) = fcntl(&fd, FcntlArg::F_GETFL) {
        let _ = fcntl(
            &fd,
            FcntlArg::F_SETFL(OFlag::from_bits_truncate(flags) | OFlag::O_NONBLOCK),
        );
    }
}

/// One read into `buf`, zeroed at once: only what was read is zeroed
/// (clearing the whole buffer on every read cost more than a case).
fn read_wiped(from: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let n = from.read(buf)?;
    buf[..n].fill(0);
    Ok(n)
}
