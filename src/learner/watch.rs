//! `grade watch`: the learner's loop on one screen. Grades everything once
//! (recorded results make that instant), then focuses on one challenge:
//! its passing cases in a line each and its first failure in full. Saving a
//! learner file or a spec re-grades that challenge; a challenge that passes
//! hands the screen to the next one still open. Keys: `h` the next hint,
//! `l` the list, `q` quit.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::Watcher;

use crate::error::GradeError;
use crate::plan::Selection;
use crate::report::{ChallengeReport, Event, Human, Reporter, Status};
use crate::runner::{self, RunOptions};
use crate::spec::Challenge;

use super::{hint, list, plan_for, Collect};

/// An editor's save is several events (write, truncate, rename): the
/// screen is redrawn once they have settled for this long.
const SETTLE: Duration = Duration::from_millis(120);
/// ... but never later than this after the first one.
const SETTLE_AT_MOST: Duration = Duration::from_secs(1);
/// Where the notify backend is unavailable (inotify watches exhausted, an
/// unusual filesystem), files are polled this often.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// What the loop waits for.
enum Input {
    /// Something happened to these paths.
    Files(Vec<PathBuf>),
    /// The watcher failed; the message says why.
    WatchError(String),
    Key(u8),
    /// Standard input ended: no more keys, files are still watched.
    KeysClosed,
}

/// One challenge as the screen knows it.
struct Slot {
    challenge: Result<Challenge, String>,
    report: Option<ChallengeReport>,
}

impl Slot {
    fn path(&self) -> &str {
        match (&self.challenge, &self.report) {
            (Ok(challenge), _) => &challenge.path,
            (Err(_), Some(report)) => &report.path,
            (Err(_), None) => "",
        }
    }

    fn passes(&self) -> bool {
        self.challenge.is_ok()
            && self
                .report
                .as_ref()
                .is_some_and(|r| r.broken.is_none() && r.points == r.max_points)
    }
}

pub fn watch(selection: &Selection, options: &RunOptions, color: bool) -> Result<(), GradeError> {
    let challenges = super::load(selection)?;
    let mut screen = Screen::new(color);
    let mut slots: Vec<Slot> = challenges
        .into_iter()
        .map(|challenge| Slot {
            challenge: Ok(challenge),
            report: None,
        })
        .collect();
    if slots.is_empty() {
        return Err(GradeError::Usage(format!(
            "no challenge to watch under {}",
            selection.exercises_root.display()
        )));
    }
    let all: Vec<usize> = (0..slots.len()).collect();
    regrade(selection, options, &mut slots, &all, &mut screen);
    let mut current = next_open(&slots, 0).unwrap_or(0);

    let (sender, inputs) = mpsc::channel();
    let (_watcher, polling) = watch_folders(selection, &slots, sender.clone())?;
    let keys = KeyMode::enter();
    if keys.is_some() {
        read_keys(sender);
    }
    let footer = Footer {
        keys: keys.is_some(),
        polling,
        watched: slots.len(),
    };
    screen.focus(&slots, current, None, &footer);
    loop {
        let Ok(input) = inputs.recv() else {
            return Ok(());
        };
        match input {
            Input::Files(paths) => {
                let mut changed = changed_slots(selection, &slots, &paths);
                settle(&inputs, selection, &slots, &mut changed);
                if changed.is_empty() {
                    continue;
                }
                for &index in &changed {
                    reload_spec(selection, &mut slots[index]);
                }
                regrade(selection, options, &mut slots, &changed, &mut screen);
                // The screen follows what the learner is editing; once that
                // passes, the next challenge still open.
                let edited = changed[0];
                let mut banner = None;
                current = edited;
                if slots[edited].passes() {
                    if let Some(next) = next_open(&slots, edited + 1) {
                        banner = Some(format!(
                            "✓ {} passes: on to {}",
                            slots[edited].path(),
                            slots[next].path()
                        ));
                        current = next;
                    } else {
                        banner = Some(format!(
                            "✓ {} passes: every challenge here is done",
                            slots[edited].path()
                        ));
                    }
                }
                screen.focus(&slots, current, banner.as_deref(), &footer);
            }
            Input::WatchError(message) => {
                screen.note(&format!("watching files failed: {message}"));
            }
            Input::Key(b'q' | b'Q' | 3 | 4) => return Ok(()),
            Input::Key(b'h' | b'H') => {
                let mut text = Vec::new();
                let path = slots[current].path().to_owned();
                match hint(&path, Some(&selection.exercises_root), &mut text) {
                    Ok(()) => {
                        if let Some(report) = slots[current].report.as_mut() {
                            report.hints_seen =
                                runner::hints_seen(&runner::state_dir(&selection.exercises_root))
                                    .get(&path)
                                    .copied()
                                    .unwrap_or(report.hints_seen);
                        }
                        screen.append(&text);
                    }
                    Err(error) => screen.note(&error.to_string()),
                }
            }
            Input::Key(b'l' | b'L') => {
                let mut text = Vec::new();
                match list(selection, options, &mut text) {
                    Ok(()) => screen.page(&text, &footer),
                    Err(error) => screen.note(&error.to_string()),
                }
            }
            Input::Key(b'\n' | b'\r' | b' ' | b'f' | b'F') => {
                screen.focus(&slots, current, None, &footer);
            }
            // An arrow key's escape sequence, or another key: the keys.
            Input::Key(27 | b'[') => {}
            Input::Key(_) => screen.note(&footer.keys_help()),
            // No more keys; files are still watched.
            Input::KeysClosed => {}
        }
    }
}

/// The first challenge from `from` on (wrapping around) that does not pass.
fn next_open(slots: &[Slot], from: usize) -> Option<usize> {
    (0..slots.len())
        .map(|offset| (from + offset) % slots.len())
        .find(|&index| !slots[index].passes())
}

/// Grades the challenges of `indices` whose spec loads; a failure of the
/// run itself is shown, never the end of the watch.
fn regrade(
    selection: &Selection,
    options: &RunOptions,
    slots: &mut [Slot],
    indices: &[usize],
    screen: &mut Screen,
) {
    let chosen: Vec<Challenge> = indices
        .iter()
        .filter_map(|&index| slots[index].challenge.as_ref().ok().cloned())
        .collect();
    if chosen.is_empty() {
        return;
    }
    let mut collect = Collect::default();
    match runner::grade(&plan_for(selection, chosen), options, &mut collect) {
        Ok(_) => {
            for report in collect.reports {
                if let Some(slot) = slots.iter_mut().find(|s| s.path() == report.path) {
                    slot.report = Some(report);
                }
            }
        }
        Err(error) => screen.note(&format!("grading failed: {error}")),
    }
}

/// A saved exercise.toml is read again; one that does not load is shown
/// in place of the report until it is fixed.
fn reload_spec(selection: &Selection, slot: &mut Slot) {
    let path = slot.path().to_owned();
    let spec = selection.exercises_root.join(&path).join("exercise.toml");
    slot.challenge = crate::spec::load(&spec, path.clone()).map_err(|error| error.to_string());
    if let Err(error) = &slot.challenge {
        slot.report = Some(ChallengeReport::broken(&path, error));
    }
}

/// The slots whose folder holds one of `paths` as its learner file, an
/// extra file or its spec.
fn changed_slots(selection: &Selection, slots: &[Slot], paths: &[PathBuf]) -> Vec<usize> {
    let mut changed = Vec::new();
    for path in paths {
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            continue;
        };
        for (index, slot) in slots.iter().enumerate() {
            let watched = selection.exercises_root.join(slot.path());
            if !same_folder(folder, &watched) || changed.contains(&index) {
                continue;
            }
            let relevant = name == "exercise.toml"
                || slot.challenge.as_ref().is_ok_and(|challenge| {
                    std::iter::once(&challenge.file)
                        .chain(&challenge.extra_files)
                        .any(|file| Path::new(file) == Path::new(name))
                });
            if relevant {
                changed.push(index);
            }
        }
    }
    changed
}

fn same_folder(a: &Path, b: &Path) -> bool {
    a == b
        || match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}

/// Collects the rest of a save's events, so that a file written in
/// several steps is graded once, whole.
fn settle(
    inputs: &Receiver<Input>,
    selection: &Selection,
    slots: &[Slot],
    changed: &mut Vec<usize>,
) {
    let started = Instant::now();
    while started.elapsed() < SETTLE_AT_MOST {
        match inputs.recv_timeout(SETTLE) {
            Ok(Input::Files(paths)) => {
                for index in changed_slots(selection, slots, &paths) {
                    if !changed.contains(&index) {
                        changed.push(index);
                    }
                }
            }
            // Keys pressed while a save settles are dropped: the screen
            // is about to change.
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// Watches every challenge folder (not the files: editors save by
/// replacing the file, which would end a watch on it). Returns the watcher,
/// which must live as long as the loop, and whether it polls.
fn watch_folders(
    selection: &Selection,
    slots: &[Slot],
    sender: Sender<Input>,
) -> Result<(Box<dyn Watcher>, bool), GradeError> {
    let handler = move |event: notify::Result<notify::Event>| {
        let input = match event {
            Ok(event) if event.kind.is_access() => return,
            Ok(event) => Input::Files(event.paths),
            Err(error) => Input::WatchError(error.to_string()),
        };
        let _ = sender.send(input);
    };
    let folders: Vec<PathBuf> = slots
        .iter()
        .map(|slot| selection.exercises_root.join(slot.path()))
        .collect();
    let start = |watcher: &mut dyn Watcher| -> notify::Result<()> {
        for folder in &folders {
            watcher.watch(folder, notify::RecursiveMode::NonRecursive)?;
        }
        Ok(())
    };
    let native =
        notify::recommended_watcher(handler.clone()).map(|w| Box::new(w) as Box<dyn Watcher>);
    if let Ok(mut watcher) = native {
        if start(watcher.as_mut()).is_ok() {
            return Ok((watcher, false));
        }
    }
    let config = notify::Config::default()
        .with_poll_interval(POLL_EVERY)
        .with_compare_contents(false);
    let mut watcher: Box<dyn Watcher> = Box::new(
        notify::PollWatcher::new(handler, config)
            .map_err(|e| GradeError::Environment(format!("cannot watch files: {e}")))?,
    );
    start(watcher.as_mut()).map_err(|e| {
        GradeError::Environment(format!(
            "cannot watch {}: {e}",
            selection.exercises_root.display()
        ))
    })?;
    Ok((watcher, true))
}

/// Reads single key presses from standard input on a thread of its own.
fn read_keys(sender: Sender<Input>) {
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut byte = [0u8; 1];
        loop {
            match stdin.read(&mut byte) {
                Ok(1) => {
                    if sender.send(Input::Key(byte[0])).is_err() {
                        return;
                    }
                }
                Ok(_) | Err(_) => {
                    let _ = sender.send(Input::KeysClosed);
                    return;
                }
            }
        }
    });
}

/// The terminal reads keys one at a time, unechoed, while the watch runs;
/// its settings come back when this is dropped. Output is left as it is
/// (newlines still return the carriage), so reports print unchanged.
/// Ctrl-C arrives as a key (3) and quits, so the settings always come back.
struct KeyMode {
    saved: nix::sys::termios::Termios,
}

impl KeyMode {
    fn enter() -> Option<KeyMode> {
        use nix::sys::termios::{
            tcgetattr, tcsetattr, LocalFlags, SetArg, SpecialCharacterIndices,
        };
        let stdin = std::io::stdin();
        if !stdin.is_terminal() {
            return None;
        }
        let saved = tcgetattr(&stdin).ok()?;
        let mut keys = saved.clone();
        keys.local_flags
            .remove(LocalFlags::ICANON | LocalFlags::ECHO | LocalFlags::ISIG);
        keys.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
        keys.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        tcsetattr(&stdin, SetArg::TCSANOW, &keys).ok()?;
        Some(KeyMode { saved })
    }
}

impl Drop for KeyMode {
    fn drop(&mut self) {
        let _ = nix::sys::termios::tcsetattr(
            std::io::stdin(),
            nix::sys::termios::SetArg::TCSANOW,
            &self.saved,
        );
    }
}

struct Footer {
    keys: bool,
    polling: bool,
    watched: usize,
}

impl Footer {
    fn keys_help(&self) -> String {
        if self.keys {
            "keys: h hint · l list · f back to the focus · q quit".to_owned()
        } else {
            "Ctrl-C to stop".to_owned()
        }
    }

    fn line(&self) -> String {
        let how = if self.polling { " (polling)" } else { "" };
        format!(
            "watching {} challenge(s){how}: save a file to re-grade · {}",
            self.watched,
            self.keys_help()
        )
    }
}

/// The terminal: cleared before each new screen when it is one; a
/// separator line between screens when the output is a file or a pipe.
struct Screen {
    color: bool,
    terminal: bool,
}

impl Screen {
    fn new(color: bool) -> Screen {
        Screen {
            color,
            terminal: std::io::stdout().is_terminal(),
        }
    }

    fn write(&self, bytes: &[u8]) {
        let mut out = std::io::stdout().lock();
        // A closed terminal ends the watch at the next read of a key; a
        // failed write is nothing to stop for.
        let _ = out.write_all(bytes).and_then(|()| out.flush());
    }

    fn clear(&self) -> Vec<u8> {
        if self.terminal {
            b"\x1b[2J\x1b[H".to_vec()
        } else {
            b"\n----\n".to_vec()
        }
    }

    /// A new screen: the challenge in focus, its first failure in full.
    fn focus(&self, slots: &[Slot], current: usize, banner: Option<&str>, footer: &Footer) {
        let mut out = self.clear();
        let done = slots.iter().filter(|slot| slot.passes()).count();
        let slot = &slots[current];
        let _ = writeln!(
            out,
            "grade watch · {} · {done} of {} challenges done",
            slot.path(),
            slots.len()
        );
        if let Some(banner) = banner {
            let _ = writeln!(out, "{banner}");
        }
        let _ = writeln!(out);
        match (&slot.challenge, &slot.report) {
            (Err(error), _) => {
                let _ = writeln!(out, "its exercise.toml does not load:\n  {error}");
            }
            (Ok(_), None) => {
                let _ = writeln!(out, "not graded yet");
            }
            (Ok(challenge), Some(report)) => {
                let (focused, more) = first_failure_only(report);
                let _ = Human::new(&mut out, self.color).event(Event::Graded {
                    learner: None,
                    challenge: &focused,
                });
                if more > 0 {
                    let _ = writeln!(out, "  … and {more} more failing case(s) after this one");
                }
                if report.points < report.max_points && report.hints_seen < challenge.hints.len() {
                    let _ = writeln!(
                        out,
                        "\nstuck? h shows hint {} of {}",
                        report.hints_seen + 1,
                        challenge.hints.len()
                    );
                }
            }
        }
        let _ = writeln!(out, "\n{}", footer.line());
        self.write(&out);
    }

    /// A whole screen of other text (the list).
    fn page(&self, text: &[u8], footer: &Footer) {
        let mut out = self.clear();
        out.extend_from_slice(text);
        let _ = writeln!(out, "\n{}", footer.line());
        self.write(&out);
    }

    /// Text under what is shown (a hint).
    fn append(&self, text: &[u8]) {
        let mut out = b"\n".to_vec();
        out.extend_from_slice(text);
        self.write(&out);
    }

    fn note(&self, text: &str) {
        self.write(format!("{text}\n").as_bytes());
    }
}

/// The report with every passing case and the first one that does not
/// pass, in full even when it stopped at the stub (the case to start
/// with); the count of the other failures.
fn first_failure_only(report: &ChallengeReport) -> (ChallengeReport, usize) {
    let mut focused = report.clone();
    // A module that does not load is one block already: shown whole.
    if report.cases.iter().all(|case| case.not_run.is_some()) {
        return (focused, 0);
    }
    let mut first_failure_seen = false;
    let mut more = 0;
    focused.cases.retain_mut(|case| {
        if case.status == Status::Pass {
            true
        } else if !first_failure_seen {
            first_failure_seen = true;
            case.stub = false;
            true
        } else {
            more += 1;
            false
        }
    });
    (focused, more)
}
