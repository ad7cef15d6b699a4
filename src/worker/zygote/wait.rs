//! Reaping children with `waitpid` itself: nix's `WaitStatus` cannot hold a
//! real-time signal, and a child killed by one (which learner code can send
//! itself) must be a verdict, never a failure of the run.

use nix::errno::Errno;
use nix::unistd::Pid;

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
}

/// Reaps `pid` (-1: any child) if it has ended, waiting for it when
/// `block`; Ok(None) while it runs.
pub fn wait(pid: Pid, block: bool) -> Result<Option<(Pid, Exit)>, Errno> {
    let flags = if block { 0 } else { libc::WNOHANG };
    loop {
        let mut status = 0;
        // SAFETY: waitpid writes one int through a valid pointer.
        let reaped = unsafe { libc::waitpid(pid.as_raw(), &mut status, flags) };
        if reaped < 0 {
            match Errno::last() {
                Errno::EINTR => continue,
                errno => return Err(errno),
            }
        }
        if reaped == 0 {
            return Ok(None);
        }
        let exit = if libc::WIFEXITED(status) {
            Exit::Code(libc::WEXITSTATUS(status))
        } else if libc::WIFSIGNALED(status) {
            Exit::Signal(libc::WTERMSIG(status))
        } else {
            // Stopped or continued: reported only when asked for (WUNTRACED,
            // WCONTINUED), which this never does.
            continue;
        };
        return Ok(Some((Pid::from_raw(reaped), exit)));
    }
}
