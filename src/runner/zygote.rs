//! The zygote process as the grader sees it: started with an empty
//! environment and a fixed allowlist (so that nothing of the grader's
//! environment, CI secrets included, reaches learner code), possibly ahead
//! of the run so that Python's start-up overlaps the planning.

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use super::execute::set_mode;
use crate::error::GradeError;

/// The whole environment a zygote, and so every child, starts with.
const ENVIRONMENT: [(&str, &str); 3] = [
    ("PATH", "/usr/local/bin:/usr/bin:/bin"),
    ("LANG", "C.UTF-8"),
    ("LC_ALL", "C.UTF-8"),
];

/// The zygote process, seen from the grader.
pub struct Zygote {
    child: Child,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Zygote {
    pub fn spawn(jobs: usize, run_dir: &Path) -> Result<Zygote, GradeError> {
        let exe: PathBuf = std::env::current_exe().map_err(|e| {
            GradeError::Environment(format!("cannot find the grade executable: {e}"))
        })?;
        let mut command = Command::new(exe);
        command
            .arg("__zygote")
            .arg("--jobs")
            .arg(jobs.to_string())
            .arg("--run-dir")
            .arg(run_dir)
            .env_clear()
            .envs(ENVIRONMENT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(profile) = std::env::var_os("GRADE_PROFILE") {
            command.arg("--profile").arg(profile);
        }
        let mut child = command.spawn().map_err(|e| {
            GradeError::Environment(format!("cannot start the worker process: {e}"))
        })?;
        let stderr = child.stderr.take().map(|mut stderr| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
                text
            })
        });
        Ok(Zygote { child, stderr })
    }

    pub fn stdin(&mut self) -> Result<ChildStdin, GradeError> {
        self.child
            .stdin
            .take()
            .ok_or_else(|| GradeError::Environment("the worker process has no stdin".into()))
    }

    pub fn stdout(&mut self) -> Result<ChildStdout, GradeError> {
        self.child
            .stdout
            .take()
            .ok_or_else(|| GradeError::Environment("the worker process has no stdout".into()))
    }

    pub fn finish(mut self) -> Result<(), GradeError> {
        drop(self.child.stdin.take());
        let status = self
            .child
            .wait()
            .map_err(|e| GradeError::Environment(format!("lost the worker process: {e}")))?;
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(GradeError::Environment(format!(
                "the worker process failed ({status}): {}",
                stderr.trim()
            )))
        }
    }
}

/// A zygote started before the run is planned; the first `execute` with
/// the same `jobs` takes it.
struct Warm {
    run_dir: tempfile::TempDir,
    zygote: Zygote,
    jobs: usize,
}

static WARM: std::sync::Mutex<Option<Warm>> = std::sync::Mutex::new(None);

/// Starts a zygote now for the next run. Best effort: on failure the run
/// starts its own and reports the problem then.
pub fn prespawn(jobs: usize) {
    let warm = new_run_dir().and_then(|run_dir| {
        let zygote = Zygote::spawn(jobs, run_dir.path())?;
        Ok(Warm {
            run_dir,
            zygote,
            jobs,
        })
    });
    if let (Ok(warm), Ok(mut slot)) = (warm, WARM.lock()) {
        *slot = Some(warm);
    }
}

/// The prespawned zygote, if it was started for `jobs` workers.
pub fn take_warm(jobs: usize) -> Option<(tempfile::TempDir, Zygote)> {
    let warm = WARM.lock().ok().and_then(|mut warm| warm.take())?;
    if warm.jobs == jobs {
        Some((warm.run_dir, warm.zygote))
    } else {
        let _ = warm.zygote.finish();
        None
    }
}

/// Ends a prespawned zygote no run used (an error came first), waiting for
/// it so that it does not outlive grade.
pub fn discard_prespawned() {
    let warm = WARM.lock().ok().and_then(|mut warm| warm.take());
    if let Some(warm) = warm {
        let _ = warm.zygote.finish();
    }
}

/// The run's folder: job files, and the children's scratch folders,
/// created and removed by the hundred. On tmpfs (`/dev/shm`) that costs no
/// disk work; elsewhere the temporary folder.
pub fn new_run_dir() -> Result<tempfile::TempDir, GradeError> {
    let builder = || {
        let mut builder = tempfile::Builder::new();
        builder.prefix("grade-run-");
        builder
    };
    let run_dir = builder()
        .tempdir_in("/dev/shm")
        .or_else(|_| builder().tempdir())
        .map_err(|e| GradeError::Environment(format!("cannot create a temporary folder: {e}")))?;
    set_mode(run_dir.path(), 0o711)?;
    Ok(run_dir)
}
