//! Learner code is hostile (SPEC §4, issue 3): one challenge per attack in
//! tests/fixtures/hostile, each case with the verdict it must get, and
//! around the run the proofs that nothing else was harmed: no file outside
//! scratch changed, no connection reached a loopback listener, no process
//! outlived the run, no hidden value reached any report.

use std::io::ErrorKind;
use std::net::{TcpListener, UdpSocket};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{fixture, grade_in, json, statuses};

const PORT: u16 = 47321;
const WRITE_CANARY: &str = "/tmp/grade-hostile-canary-write";
const DELETE_CANARY: &str = "/tmp/grade-hostile-canary-delete";
const HIDDEN_VALUES: [&str; 2] = ["hostile-hidden-5e2b", "hostile-hidden-7c1e"];

fn expected() -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> {
    let text = std::fs::read_to_string(fixture("hostile/expected.toml")).expect("expected.toml");
    toml::from_str(&text).expect("expected.toml parses")
}

/// Direct children of this test process that were forked by a zygote: with
/// this process a subreaper, anything a submission left running ends up here.
fn zygote_orphans() -> Vec<String> {
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some(after_name) = stat.rsplit_once(')').map(|(_, rest)| rest.to_owned()) else {
            continue;
        };
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        // fields[0] is the state, fields[1] the parent pid.
        if fields.get(1) != Some(&me.as_str()) || fields.first() == Some(&"Z") {
            continue;
        }
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains("__zygote") {
            found.push(format!("{} {cmdline}", entry.file_name().to_string_lossy()));
        }
    }
    found
}

#[test]
fn hostile_submissions_get_their_verdicts_and_harm_nothing() {
    // SAFETY: a prctl on this process only.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    let _ = std::fs::remove_file(WRITE_CANARY);
    std::fs::write(DELETE_CANARY, "canary").unwrap();
    std::fs::set_permissions(DELETE_CANARY, std::fs::Permissions::from_mode(0o644)).unwrap();
    let tcp = TcpListener::bind(("127.0.0.1", PORT)).expect("the test's TCP listener");
    tcp.set_nonblocking(true).unwrap();
    let udp = UdpSocket::bind(("127.0.0.1", PORT)).expect("the test's UDP socket");
    udp.set_nonblocking(true).unwrap();

    let started = Instant::now();
    let run = grade_in(&fixture("hostile"), &["--format", "json"]);
    let took = started.elapsed();

    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert!(
        took < Duration::from_secs(90),
        "the hostile run took {took:?}"
    );
    let report = json(&run);
    assert_eq!(statuses(&report), expected());

    assert!(
        !Path::new(WRITE_CANARY).exists(),
        "a submission wrote outside its scratch folder"
    );
    assert_eq!(std::fs::read_to_string(DELETE_CANARY).unwrap(), "canary");
    let mode = std::fs::metadata(DELETE_CANARY)
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(
        mode, 0o644,
        "a submission changed a file outside its scratch folder"
    );
    match tcp.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        other => panic!("the loopback listener got a connection: {other:?}"),
    }
    let mut buffer = [0u8; 64];
    match udp.recv_from(&mut buffer) {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        other => panic!("the loopback socket got a datagram: {other:?}"),
    }
    // Orphans are killed with their cgroup as the run ends; give the kernel
    // a moment to deliver the reparenting before looking.
    std::thread::sleep(Duration::from_millis(300));
    let orphans = zygote_orphans();
    assert!(
        orphans.is_empty(),
        "processes outlived the run: {orphans:?}"
    );

    let flood = report["submissions"][0]["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["cases"].as_array().unwrap().iter())
        .find(|case| case["name"] == "prints 8 MiB then answers")
        .expect("the output flood case");
    assert_eq!(flood["stdout_truncated"], true);
    let _ = std::fs::remove_file(DELETE_CANARY);
}

#[test]
fn hostile_hidden_values_reach_no_report() {
    let runs: Vec<_> = ["human", "json", "junit", "github", "csv"]
        .into_iter()
        .map(|format| {
            std::thread::spawn(move || {
                let run = grade_in(
                    &fixture("hostile"),
                    &["exercises/escape", "exercises/control", "--format", format],
                );
                (format, run)
            })
        })
        .collect();
    for handle in runs {
        let (format, run) = handle.join().unwrap();
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for value in HIDDEN_VALUES {
            assert!(
                !run.stdout.contains(value),
                "{format} shows the hidden value {value}"
            );
        }
    }
}
