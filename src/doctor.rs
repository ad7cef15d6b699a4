//! `grade doctor`: every protection learner code runs under, the machine's
//! (what the sandbox found: `crate::sandbox::Host::protections`) and the
//! grader's own, which hold on any machine. SECURITY.md says which test
//! proves each.

use std::io::Write;

use crate::sandbox::{self, Protection};

/// The grader's protections: they live outside the learner's process and
/// need nothing from the machine.
fn grader_protections() -> Vec<Protection> {
    let rows: [(&'static str, &str); 11] = [
        (
            "learner files",
            "read by the grader beneath the submission root, never through a symbolic link (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), at most 4 MiB, handed to the child as bytes",
        ),
        (
            "environment",
            "children start from an empty environment plus PATH, LANG, LC_ALL, HOME and TMPDIR (their scratch folder); Python in isolated and UTF-8 mode",
        ),
        (
            "expected values",
            "never enter a worker: every comparison, diff and report is made in the grader",
        ),
        (
            "untrusted results",
            "a result must parse strictly and answer the case that was asked; a set-up failure counts only before learner code ran; anything else is that case's crash",
        ),
        (
            "exception identity",
            "`raises` matches class objects captured before any learner code ran, never names",
        ),
        (
            "hidden-case order",
            "hidden code reaches a child only once no child that can add to a visible report runs, across the whole run; exception classes only hidden cases name are resolved only then",
        ),
        (
            "zygote imports",
            "only modules the visible cases' code imports, from a list whose import runs nothing: nothing of a learner runs unsandboxed",
        ),
        (
            "zygote memory",
            "what a child writes passes through one read buffer, relayed and wiped, so no later child inherits it",
        ),
        (
            "scratch folders",
            "named with 128 random bits, so that no child finds another's; removed after each child, past anything it left in the way; a full disk makes the run wait, not end",
        ),
        (
            "grader load",
            "a child's stderr is relayed up to 64 KiB, a result up to 8 MB, a job's results up to a million values; no pipe holds the zygote's loop",
        ),
        (
            "reports",
            "learner text has its control characters escaped and every learner-sized part capped; learners are told apart by place, their names shown with odd bytes and invisible characters escaped; hidden cases show their kind of outcome only",
        ),
    ];
    rows.into_iter()
        .map(|(name, detail)| Protection {
            name,
            active: true,
            detail: detail.to_owned(),
        })
        .collect()
}

pub fn print(out: &mut impl Write) -> std::io::Result<()> {
    let host = sandbox::Host::detect();
    writeln!(
        out,
        "grade {} · Python {}",
        env!("CARGO_PKG_VERSION"),
        crate::python::PYTHON_HOME
    )?;
    let machine = host.protections();
    let grader = grader_protections();
    let width = machine
        .iter()
        .chain(&grader)
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0);
    for (title, protections) in [
        ("sandbox (this machine)", &machine),
        ("grader (everywhere)", &grader),
    ] {
        writeln!(out, "{title}:")?;
        for protection in protections {
            let mark = if protection.active { "✓" } else { "✗" };
            writeln!(
                out,
                "{mark} {:<width$}  {}",
                protection.name, protection.detail
            )?;
        }
    }
    let all = machine.len() + grader.len();
    let missing = machine.iter().filter(|p| !p.active).count();
    writeln!(out, "{} of {all} protections active", all - missing)
}
