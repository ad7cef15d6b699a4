//! Ending children: a child done or stopped is killed, reaped, and its
//! stop reported; its job goes on in a new child.

use super::wait::{wait, Exit};
use super::*;

impl Server<'_> {
    /// The child is done or must die: kill what is left of it, reap it, say
    /// why it stopped, and continue its job in a new child.
    pub(super) fn finish(&mut self, index: usize, timed_out: bool) -> Result<(), ZygoteError> {
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
        if child.finished {
            let child = self.running.swap_remove(index);
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
        let stop = stop_cause(child, case, status, timed_out, reaped_by_kill);
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
    pub(super) fn reap(&mut self, index: usize) -> Result<(Exit, bool), ZygoteError> {
        let child = &mut self.running[index];
        if let Some(status) = child.exit {
            return Ok((status, false));
        }
        if let Some(status) = self.reaped.remove(&child.pid) {
            child.exit = Some(status);
            return Ok((status, false));
        }
        let failed = |pid, errno| ZygoteError::Wait { pid, errno };
        for _ in 0..50 {
            match wait(child.pid, false).map_err(|errno| failed(child.pid, errno))? {
                None => std::thread::sleep(Duration::from_millis(1)),
                Some((_, status)) => {
                    child.exit = Some(status);
                    return Ok((status, false));
                }
            }
        }
        child.kill();
        let Some((_, status)) = wait(child.pid, true).map_err(|errno| failed(child.pid, errno))?
        else {
            unreachable!("a blocking wait returns an ended child")
        };
        child.exit = Some(status);
        Ok((status, true))
    }

    /// Processes re-parented to us (double forks) are reaped here; a
    /// tracked child reaped by chance keeps its status for `finish`.
    pub(super) fn reap_strays(&mut self) {
        loop {
            match wait(Pid::from_raw(-1), false) {
                Ok(None) | Err(_) => break,
                Ok(Some((pid, status))) => {
                    if let Some(child) = self.running.iter_mut().find(|c| c.pid == pid) {
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

/// Why a child stopped in `case`.
fn stop_cause(
    child: &Running,
    case: usize,
    status: Exit,
    timed_out: bool,
    reaped_by_kill: bool,
) -> WireStop {
    if let Some(violation) = child.violation {
        return violation;
    }
    if timed_out {
        return WireStop::Timeout {
            limit_ms: child.request.cases[case].timeout_ms,
        };
    }
    match status {
        Exit::Code(code) if code == crate::worker::HARNESS_BROKEN => WireStop::HarnessBroken,
        Exit::Code(code) => WireStop::Exited { code },
        Exit::Signal(libc::SIGKILL) if child.cell.oom_kills() > 0 => WireStop::OutOfMemory,
        // Killed by us because it closed its channel and lived on.
        Exit::Signal(libc::SIGKILL) if reaped_by_kill => WireStop::Closed,
        Exit::Signal(libc::SIGXCPU) => WireStop::CpuLimit,
        Exit::Signal(signal) => WireStop::Signaled { signal },
    }
}
