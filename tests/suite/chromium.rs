//! A headless Chromium driven over the DevTools protocol through
//! `--remote-debugging-pipe` (commands on its fd 3, replies and events on
//! its fd 4, each a JSON text ended by a NUL byte): enough of CDP to load a
//! page, read its console, evaluate script and click with the mouse,
//! without a WebSocket client or a WebDriver.

use std::io::{BufRead, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long one command or awaited event may take.
const PATIENCE: Duration = Duration::from_secs(60);

/// The browser to test with: `GRADE_CHROMIUM`, or the first of Debian's
/// and Google's names on PATH.
pub fn find() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("GRADE_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome-stable",
        "google-chrome",
    ];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

pub struct Chromium {
    child: Child,
    commands: std::fs::File,
    messages: Receiver<Value>,
    /// Events read while waiting for a reply, oldest first.
    pub events: Vec<Value>,
    next_id: u64,
    profile: tempfile::TempDir,
}

/// One page, attached to in flat mode: its commands carry its session.
pub struct Page<'a> {
    browser: &'a mut Chromium,
    session: String,
}

impl Chromium {
    pub fn start(binary: &Path) -> Chromium {
        let profile = tempfile::tempdir().expect("tempdir");
        let stderr = std::fs::File::create(profile.path().join("stderr")).expect("stderr file");
        let (their_commands, commands) = pipe();
        let (messages, their_messages) = pipe();
        let mut command = Command::new(binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-pipe",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            // Its renderers and helpers in a group of their own, ended
            // together.
            .process_group(0);
        let (read_fd, write_fd) = (their_commands.as_raw_fd(), their_messages.as_raw_fd());
        // SAFETY: between fork and exec the closure makes only
        // async-signal-safe calls (fcntl, dup2) on descriptors this
        // process owns; both are first moved above 9, so that neither dup2
        // overwrites the other before it is copied.
        unsafe {
            command.pre_exec(move || {
                let read = libc::fcntl(read_fd, libc::F_DUPFD_CLOEXEC, 10);
                let write = libc::fcntl(write_fd, libc::F_DUPFD_CLOEXEC, 10);
                if read < 0 || write < 0 || libc::dup2(read, 3) < 0 || libc::dup2(write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", binary.display()));
        drop((their_commands, their_messages));
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(std::fs::File::from(messages));
            let mut message = Vec::new();
            loop {
                message.clear();
                match reader.read_until(0, &mut message) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let text = message.strip_suffix(&[0]).unwrap_or(&message);
                let Ok(value) = serde_json::from_slice::<Value>(text) else {
                    continue;
                };
                if send.send(value).is_err() {
                    return;
                }
            }
        });
        Chromium {
            child,
            commands: std::fs::File::from(commands),
            messages: receive,
            events: Vec::new(),
            next_id: 0,
            profile,
        }
    }

    /// What the browser wrote on stderr, for a failure's message.
    fn stderr(&self) -> String {
        let text = std::fs::read_to_string(self.profile.path().join("stderr")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn next_message(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "no {waiting_for} from chromium in time; its stderr:\n{}",
                    self.stderr()
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("chromium closed its pipe; its stderr:\n{}", self.stderr())
            }
        }
    }

    /// Sends a command and returns its result; events met on the way are
    /// kept.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        self.commands
            .write_all(&bytes)
            .unwrap_or_else(|e| panic!("writing {method} to chromium: {e}"));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.next_message(deadline, method);
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    panic!("{method} failed: {error}");
                }
                return message["result"].clone();
            }
            self.events.push(message);
        }
    }

    /// Opens a page and attaches to it, its runtime, log and page events on.
    pub fn page(&mut self) -> Page<'_> {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            self.call(Some(&session), domain, json!({}));
        }
        Page {
            browser: self,
            session,
        }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        self.next_id += 1;
        let close = format!("{{\"id\":{},\"method\":\"Browser.close\"}}\0", self.next_id);
        let _ = self.commands.write_all(close.as_bytes());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group this test started.
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        let _ = self.child.wait();
    }
}

impl Page<'_> {
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.browser.call(Some(&session), method, params)
    }

    /// Loads `url` and waits for its load event.
    pub fn navigate(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for("Page.loadEventFired");
    }

    fn wait_for(&mut self, method: &str) {
        let seen = |event: &Value, session: &str| {
            event["method"] == json!(method) && event["sessionId"] == json!(session)
        };
        if self.browser.events.iter().any(|e| seen(e, &self.session)) {
            return;
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.browser.next_message(deadline, method);
            let found = seen(&message, &self.session);
            self.browser.events.push(message);
            if found {
                return;
            }
        }
    }

    /// The value of a JavaScript expression (JSON-serialisable); an
    /// exception fails the test.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// A left click at a point of the viewport, as a user's mouse does it.
    pub fn click(&mut self, x: f64, y: f64) {
        self.call(
            "Input.dispatchMouseEvent",
            json!({"type": "mouseMoved", "x": x, "y": y}),
        );
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Scrolls the element `selector` finds into view and clicks its middle.
    pub fn click_on(&mut self, selector: &str) {
        let selector = serde_json::to_string(selector).expect("JSON");
        let point = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector}); \
             if (!e) return null; e.scrollIntoView({{block: 'center'}}); \
             const r = e.getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ));
        let (Some(x), Some(y)) = (point[0].as_f64(), point[1].as_f64()) else {
            panic!("nothing on the page matches {selector}");
        };
        self.click(x, y);
    }

    /// Console errors, uncaught exceptions and browser log errors (a
    /// Content-Security-Policy violation, a failed load) so far.
    pub fn errors(&self) -> Vec<String> {
        self.browser
            .events
            .iter()
            .filter(|event| event["sessionId"] == json!(self.session))
            .filter_map(|event| {
                let params = &event["params"];
                match event["method"].as_str()? {
                    "Runtime.exceptionThrown" => Some(params["exceptionDetails"].to_string()),
                    "Runtime.consoleAPICalled"
                        if matches!(params["type"].as_str(), Some("error" | "assert")) =>
                    {
                        Some(params["args"].to_string())
                    }
                    "Log.entryAdded" if params["entry"]["level"] == json!("error") => {
                        Some(params["entry"].to_string())
                    }
                    _ => None,
                }
            })
            .collect()
    }
}

/// A pipe whose ends close on exec (the child gets copies of its own).
fn pipe() -> (OwnedFd, OwnedFd) {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).expect("pipe")
}
