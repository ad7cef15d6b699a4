//! grade in a real terminal: tmux runs it (`grade watch`, a report in a
//! narrow window), the test saves files and presses keys, and reads the
//! screen as the learner would.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::HEADER;

/// A tmux server of the test's own, killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(dir: &Path, command: &str, columns: u16) -> Option<Tmux> {
        static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let socket = format!(
            "grade-test-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let started = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-x"])
            .arg(columns.to_string())
            .args(["-y", "45"])
            .arg("-c")
            .arg(dir)
            .arg(command)
            .env("NO_COLOR", "1")
            .status()
            .ok()?;
        assert!(started.success(), "tmux new-session failed");
        Some(Tmux { socket })
    }

    fn screen(&self) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-J"])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-l", keys])
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }

    /// Waits until the screen shows `text`; panics with the screen if it
    /// never does.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {text:?}; it shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn watch_regrades_on_save_moves_on_and_answers_keys() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed (apt-get install -y tmux runs this test)");
        return;
    }
    let repo = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = repo.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let spec = |function: &str| {
        format!(
            "{HEADER}hints = [\"Think about {function}.\", \"Second hint.\"]\n\n\
             [[test]]\nname = \"small\"\nexpr = \"{function}(2)\"\nexpect = \"4\"\n\n\
             [[test]]\nname = \"large\"\nexpr = \"{function}(10)\"\nexpect = \"20\"\n"
        )
    };
    let stub = |function: &str| format!("def {function}(n):\n    raise NotImplementedError\n");
    write("exercises/w/a-double/exercise.toml", &spec("double"));
    write("exercises/w/a-double/solution.py", &stub("double"));
    write("exercises/w/b-twice/exercise.toml", &spec("twice"));
    write("exercises/w/b-twice/solution.py", &stub("twice"));
    let grade = env!("CARGO_BIN_EXE_grade");
    let Some(tmux) = Tmux::start(
        repo.path(),
        &format!("{grade} watch; echo \"watch ended with $?\"; sleep 60"),
        110,
    ) else {
        eprintln!("skipped: tmux did not start");
        return;
    };

    // The first challenge still open, its first case in full.
    let screen = tmux.wait_for("grade watch · w/a-double · 0 of 2 challenges done");
    assert!(
        screen.contains("small  error: not implemented yet"),
        "{screen}"
    );
    assert!(screen.contains("1 more failing case"), "{screen}");
    assert!(screen.contains("h shows hint 1 of 2"), "{screen}");

    // A half-written file is a verdict on the screen, not the end of the watch.
    write("exercises/w/a-double/solution.py", "def double(n:\n");
    let screen = tmux.wait_for("does not compile");
    assert!(screen.contains("SyntaxError"), "{screen}");

    // A wrong version: its first failure with the values.
    write(
        "exercises/w/a-double/solution.py",
        "def double(n):\n    return n + 2\n",
    );
    let screen = tmux.wait_for("value differs");
    assert!(screen.contains("expected: 20"), "{screen}");
    assert!(screen.contains("actual:   12"), "{screen}");
    assert!(screen.contains("✓ small"), "{screen}");

    // Fixed: the screen moves on to the next challenge still open.
    write(
        "exercises/w/a-double/solution.py",
        "def double(n):\n    return n * 2\n",
    );
    let screen = tmux.wait_for("✓ w/a-double passes: on to w/b-twice");
    assert!(
        screen.contains("grade watch · w/b-twice · 1 of 2 challenges done"),
        "{screen}"
    );

    // Keys: a hint, the list, quit.
    tmux.keys("h");
    tmux.wait_for("hint 1 of 2: Think about twice.");
    tmux.keys("l");
    let screen = tmux.wait_for("1 of 2 challenges done · 2/4 points");
    assert!(screen.contains("w/a-double"), "{screen}");

    // A broken spec is shown until it is fixed; the watch goes on.
    write("exercises/w/b-twice/exercise.toml", "[exercise\n");
    tmux.wait_for("exercise.toml");
    let screen = tmux.wait_for("does not load");
    assert!(screen.contains("b-twice"), "{screen}");
    write("exercises/w/b-twice/exercise.toml", &spec("twice"));
    tmux.wait_for("h shows hint 2 of 2");

    tmux.keys("q");
    tmux.wait_for("watch ended with 0");
}

/// A report in a narrow terminal lays long values out to its width; the
/// same run piped keeps the fixed width of every other format.
#[test]
fn values_follow_the_terminal_s_width() {
    if !tmux_available() {
        eprintln!("skipped: tmux is not installed (apt-get install -y tmux runs this test)");
        return;
    }
    // A long text: pretty-printed as pieces no wider than the width.
    let words = |last: &str| format!("{} {last}", "lorem ipsum dolor sit amet ".repeat(12));
    let spec = format!(
        "{HEADER}[[test]]\nname = \"long\"\nexpr = \"f()\"\nexpect = \"'{}'\"\n",
        words("end")
    );
    let repo = super::challenge_repo(
        "w/c",
        &spec,
        &format!("def f():\n    return '{}'\n", words("fin")),
    );
    let grade = env!("CARGO_BIN_EXE_grade");
    let Some(tmux) = Tmux::start(
        repo.path(),
        &format!("{grade}; echo \"grade ended with $?\"; sleep 60"),
        64,
    ) else {
        eprintln!("skipped: tmux did not start");
        return;
    };
    let screen = tmux.wait_for("grade ended with 1");
    assert!(screen.contains("diff (- expected, + actual)"), "{screen}");
    let too_wide: Vec<&str> = screen
        .lines()
        .filter(|line| line.chars().count() > 64)
        .collect();
    assert!(
        too_wide.is_empty(),
        "lines wider than the terminal: {too_wide:#?}"
    );
    // Piped, the same report keeps the 72 columns of the other formats.
    let piped = super::grade_in(repo.path(), &[]);
    assert!(
        piped.stdout.lines().any(|line| line.chars().count() > 64),
        "{}",
        piped.stdout
    );
}
