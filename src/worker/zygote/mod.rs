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

mod channel;
mod children;
mod ending;
mod meter;
mod python;
mod schedule;
mod wait;

pub use python::SHAREABLE;

use std::collections::{HashMap, HashSet, VecDeque};
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, FromRawFd};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::unistd::Pid;
use pyo3::prelude::*;
use zeroize::Zeroize;

use self::children::{Cells, Exiting, Running, Spare};
use self::python::Interpreter;
use super::frames::Piece;
use super::protocol::{Assignment, CaseEnd, JobRequest, Kind, Request, Tag, WireStop, ZygoteEvent};
use crate::sandbox;

/// The learner module and sandbox set-up run before the first case's clock
/// would be fair to start; this much extra is allowed for them.
const STARTUP_GRACE: Duration = Duration::from_millis(150);
/// A result longer than this is a protocol violation.
const MAX_RESULT: usize = crate::worker::protocol::MAX_RESULT;
/// A small frame (`S`, `L`, `F`) longer than this is a protocol violation.
const MAX_SMALL_FRAME: usize = 4096;

/// A child's stderr relayed to the grader (which keeps its end for crash
/// reports); the rest is read and dropped, so that a flood costs the
/// grader nothing.
const STDERR_RELAYED: usize = 64 << 10;

/// Reads of one pipe in one turn of the loop: a child writing as fast as
/// the zygote reads cannot hold the loop (and every deadline) up.
const READS_PER_TURN: usize = 16;

/// Spare children kept ready per worker slot.
const SPARES_PER_SLOT: usize = 3;

/// How long the run waits for space for scratch folders (a child filled
/// the filesystem; its files are being removed) before it gives up.
const FULL_FOR_AT_MOST: Duration = Duration::from_secs(60);

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
    die_with_grader()?;
    let protocol = protocol_descriptor()?;
    let host = sandbox::Host::detect();
    sandbox::become_subreaper();
    crate::python::initialize()?;
    Python::attach(|py| {
        let interpreter =
            Interpreter::start(py).map_err(|e| ZygoteError::Harness(e.to_string()))?;
        let mut server = Server {
            interpreter,
            relay: Relay::new(protocol),
            requests: Requests {
                open: true,
                buf: Vec::new(),
                hidden_seen: false,
            },
            table_ready: false,
            queue: VecDeque::new(),
            running: Vec::new(),
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
            full_since: None,
            hidden_exception_names: None,
            read_only: Vec::new(),
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

/// The zygote must not outlive the grader (its children would go on with
/// nobody to report to): SIGKILL when the grader dies.
fn die_with_grader() -> Result<(), ZygoteError> {
    // SAFETY: prctl and getppid take integers only.
    let (set, parent) = unsafe {
        (
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0),
            libc::getppid(),
        )
    };
    if set != 0 || parent == 1 {
        return Err(ZygoteError::Descriptor(std::io::Error::other(
            "cannot tie the worker's life to the grader's",
        )));
    }
    Ok(())
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
/// Frames are gathered in one buffer of fixed capacity (never grown, so
/// never reallocated: no copy of a child's bytes is left behind), written
/// in one go and wiped: one write per read of a child, not one per frame.
struct Relay {
    out: File,
    buf: Vec<u8>,
}

/// The relay buffer's capacity: a read of a child (64 KiB) and its frames'
/// headers always fit.
const RELAY_CAPACITY: usize = 256 << 10;

impl Relay {
    fn new(out: File) -> Relay {
        Relay {
            out,
            buf: Vec::with_capacity(RELAY_CAPACITY),
        }
    }

    fn send(&mut self, kind: Kind, job: u32, payload: &[u8]) -> Result<(), ZygoteError> {
        if self.buf.len() + Kind::HEADER + payload.len() > RELAY_CAPACITY {
            self.flush()?;
        }
        if Kind::HEADER + payload.len() > RELAY_CAPACITY {
            // Only the zygote's own events could be this large.
            self.buf.extend_from_slice(&kind.header(job, payload.len()));
            self.flush()?;
            return self.out.write_all(payload).map_err(ZygoteError::Grader);
        }
        self.buf.extend_from_slice(&kind.header(job, payload.len()));
        self.buf.extend_from_slice(payload);
        Ok(())
    }

    /// Writes what was gathered and wipes it.
    fn flush(&mut self) -> Result<(), ZygoteError> {
        let written = self.out.write_all(&self.buf);
        self.buf.as_mut_slice().zeroize();
        self.buf.clear();
        written.map_err(ZygoteError::Grader)
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
    /// A hidden job came: the grader sends no visible job after one.
    hidden_seen: bool,
}

/// Jobs read ahead of the worker slots: enough that a free slot never
/// waits on the grader, few enough that neither process holds a class's
/// requests (the grader plans as this process reads).
const QUEUE_AHEAD: usize = 16;

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
    reaped: HashMap<Pid, wait::Exit>,
    /// Visible jobs not yet done.
    visible_left: usize,
    attempts: u64,
    /// Since when no scratch folder could be made, if that is the case.
    full_since: Option<Instant>,
    /// Where the names only hidden cases use are, until the hidden phase.
    hidden_exception_names: Option<PathBuf>,
    /// Folders children may read besides the Python installation.
    read_only: Vec<PathBuf>,
    baseline_mb: u64,
    profile: Profile,
}

impl Server<'_> {
    fn serve(&mut self) -> Result<(), ZygoteError> {
        set_nonblocking(std::io::stdin().as_fd());
        loop {
            if self.table_ready {
                self.enter_hidden_phase()?;
                self.start_jobs()?;
                self.refill_spares()?;
            }
            if !self.requests.open && self.queue.is_empty() && self.running.is_empty() {
                self.clean_up_exiting(true)?;
                return self.relay.flush();
            }
            self.relay.flush()?;
            self.wait_for_activity()?;
            self.reap_strays();
            self.clean_up_exiting(false)?;
            self.service_running()?;
        }
    }

    /// Hidden code may reach a child only once every visible job of the run
    /// is known and done: no child that can still add to a visible report
    /// is running then, whoever's it is.
    fn hidden_allowed(&self) -> bool {
        (!self.requests.open || self.requests.hidden_seen) && self.visible_left == 0
    }

    /// Whether to read more requests now.
    fn wants_requests(&self) -> bool {
        self.requests.open && self.queue.len() < self.options.jobs.max(1) + QUEUE_AHEAD
    }

    /// Once hidden code may run, resolves the exception names only hidden
    /// cases use (the table grows; what it held stays), and retires the
    /// spares forked without them.
    fn enter_hidden_phase(&mut self) -> Result<(), ZygoteError> {
        if !self.hidden_allowed() {
            return Ok(());
        }
        let Some(path) = self.hidden_exception_names.take() else {
            return Ok(());
        };
        let hidden: Vec<String> = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|e| e.to_string()))
            .map_err(|e| ZygoteError::Request(format!("{}: {e}", path.display())))?;
        let table = self
            .interpreter
            .resolve_table(&hidden)
            .map_err(|e| ZygoteError::Harness(e.to_string()))?;
        self.relay.event(0, &ZygoteEvent::Table(table))?;
        while let Some(spare) = self.spares.pop_front() {
            self.retire(spare);
        }
        Ok(())
    }

    fn wait_for_activity(&mut self) -> Result<(), ZygoteError> {
        let stdin = std::io::stdin();
        let mut fds = Vec::new();
        let reading = self.wants_requests();
        if reading {
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
        let stdin_ready = reading
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
        // One read at a time: the queue's length is checked between reads.
        let mut chunk = [0u8; 65536];
        let read = loop {
            match std::io::stdin().lock().read(&mut chunk) {
                Ok(0) => {
                    self.requests.open = false;
                    break Ok(());
                }
                Ok(n) => {
                    self.requests.buf.extend_from_slice(&chunk[..n]);
                    break Ok(());
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(ZygoteError::Stdin(e)),
            }
        };
        chunk.zeroize();
        read?;
        let mut start = 0;
        while let Some(length) = self.requests.buf[start..].iter().position(|&b| b == b'\n') {
            let line = start..start + length;
            start += length + 1;
            let request: Request = serde_json::from_slice(&self.requests.buf[line])
                .map_err(|e| ZygoteError::Request(e.to_string()))?;
            self.request(request)?;
        }
        // What was read goes, up to the last byte of the buffer's capacity
        // (every child inherits this process's heap): a partial line stays.
        let rest = self.requests.buf[start..].to_vec();
        self.requests.buf.zeroize();
        self.requests.buf.extend_from_slice(&rest);
        if !self.requests.open && !self.requests.buf.is_empty() {
            return Err(ZygoteError::Request("an unfinished line".into()));
        }
        Ok(())
    }

    fn request(&mut self, request: Request) -> Result<(), ZygoteError> {
        match request {
            Request::Setup(setup) if !self.table_ready => {
                self.interpreter
                    .precompile(&setup.visible_setups, &setup.visible_exprs)
                    .map_err(|e| ZygoteError::Harness(e.to_string()))?;
                if let Some(dir) = &setup.site_packages {
                    self.interpreter
                        .add_site_packages(dir)
                        .map_err(|e| ZygoteError::Harness(e.to_string()))?;
                    self.read_only.push(dir.clone());
                }
                self.interpreter.import_shared(&setup.imports);
                self.interpreter
                    .precompile_tests(&setup.visible_test_files, setup.test_code_cache.as_deref())
                    .map_err(|e| ZygoteError::Harness(e.to_string()))?;
                // Children's address-space limits count from here: what was
                // imported for them is not theirs to pay for.
                self.baseline_mb = virtual_memory_mb();
                let table = self
                    .interpreter
                    .resolve_table(&setup.exception_names)
                    .map_err(|e| ZygoteError::Harness(e.to_string()))?;
                self.relay.event(0, &ZygoteEvent::Table(table))?;
                self.table_ready = true;
                self.hidden_exception_names = setup.hidden_exception_names;
            }
            Request::Setup(_) => {
                return Err(ZygoteError::Request("a second set-up".into()));
            }
            Request::Job(_) if !self.table_ready => {
                return Err(ZygoteError::Request("a job before the set-up".into()));
            }
            Request::Job(job) if !job.hidden && self.requests.hidden_seen => {
                return Err(ZygoteError::Request(format!(
                    "visible job {} after a hidden one",
                    job.id
                )));
            }
            Request::Job(job) => {
                self.requests.hidden_seen |= job.hidden;
                self.visible_left += usize::from(!job.hidden);
                self.queue.push_back(Pending {
                    request: job,
                    next_case: 0,
                });
            }
        }
        Ok(())
    }
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
