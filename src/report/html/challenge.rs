//! One challenge of one submission as an HTML section: each case with its
//! status coloured, the case's code, what was expected and what came back
//! or their diff, the traceback and the output, as the human report shows
//! them. A hidden case reaches here redacted: its name, status, points and
//! message are all there is to show.

use std::io::{self, Write};

use super::escape::Esc;
use crate::report::{not_run_headline, CaseReport, ChallengeReport, NotRun, Status};

/// Lines and bytes of one block (a value, a diff, a traceback, the output)
/// shown; the rest is counted (the JSON report keeps it). A class of
/// hundreds keeps its file a size a browser opens at once.
const BLOCK_LINES: usize = 100;
const BLOCK_BYTES: usize = 16 << 10;

/// Writes the section `id` of `challenge`. `learner` (its name as reports
/// show it) heads it in a class report, where the section opens as a panel
/// from the heat map.
pub fn write(
    out: &mut impl Write,
    id: &str,
    learner: Option<&str>,
    challenge: &ChallengeReport,
) -> io::Result<()> {
    write!(out, "<section class=\"challenge\" id=\"{id}\"><header>")?;
    if let Some(learner) = learner {
        write!(
            out,
            "<a class=\"close\" href=\"#_\" title=\"close\">×</a><p class=\"who\">{}</p>",
            Esc(learner)
        )?;
    }
    write!(out, "<h3>{}</h3>", Esc(&challenge.path))?;
    if let Some(error) = &challenge.broken {
        writeln!(
            out,
            "<span class=\"score part\">broken</span></header>\
             <p><span class=\"st invalid\">broken</span> exercise.toml does not load</p>"
        )?;
        block(out, "detail", error)?;
        return writeln!(out, "</section>");
    }
    let stars: String = (1..=3)
        .map(|level| {
            if level <= challenge.difficulty {
                '★'
            } else {
                '☆'
            }
        })
        .collect();
    let full = if challenge.points == challenge.max_points {
        "full"
    } else {
        "part"
    };
    writeln!(
        out,
        "<span class=\"dim\">{} · {} {stars}</span><span class=\"score {full}\">{}/{}</span></header>",
        Esc(&challenge.title),
        Esc(&challenge.topic),
        challenge.points,
        challenge.max_points
    )?;
    if !challenge.cases.is_empty() && challenge.cases.iter().all(|case| case.stub) {
        // A challenge not started yet: one line, not a wall of errors.
        writeln!(
            out,
            "<p class=\"case\"><span class=\"st fail\">stub</span> not started: all {} cases \
             raise NotImplementedError (the stub)</p>",
            challenge.cases.len()
        )?;
        return writeln!(out, "</section>");
    }
    if let Some(why) = challenge.cases.first().and_then(|case| case.not_run) {
        if challenge.cases.iter().all(|case| case.not_run == Some(why)) {
            not_run(out, challenge, why)?;
            return writeln!(out, "</section>");
        }
    }
    // A failure before any test's own code (a module that does not import)
    // is the same for every case: its traceback once, then a line per case
    // naming the first.
    let mut first_with: Vec<(&CaseReport, &str)> = Vec::new();
    for case in &challenge.cases {
        let same = case.shown().and_then(|shown| {
            let rendered = &shown.rendered;
            let detail = rendered.detail.as_deref().filter(|d| !d.is_empty())?;
            if rendered.expected.is_some() || rendered.actual.is_some() {
                return None;
            }
            let first = first_with
                .iter()
                .find(|(first, first_detail)| {
                    *first_detail == detail
                        && first.status() == case.status()
                        && first.rendered().message == rendered.message
                })
                .map(|(first, _)| first.name.as_str());
            if first.is_none() {
                first_with.push((case, detail));
            }
            first
        });
        self::case(out, case, same)?;
    }
    writeln!(out, "</section>")
}

/// A learner module that does not compile or did not load: why, once,
/// then the cases that could not run (hidden ones by name only).
fn not_run(out: &mut impl Write, challenge: &ChallengeReport, why_not: NotRun) -> io::Result<()> {
    let shown = challenge.cases.iter().find_map(CaseReport::shown);
    let headline = not_run_headline(challenge, why_not);
    let status = challenge
        .cases
        .first()
        .map_or(Status::Error, |c| c.status());
    write!(
        out,
        "<p class=\"case\">{} <b>{}</b></p>",
        badge(status),
        Esc(&headline)
    )?;
    if let Some(detail) = shown.and_then(|shown| shown.rendered.detail.as_deref()) {
        block(out, "detail", detail)?;
    }
    write!(
        out,
        "<p class=\"dim\">not run ({}): ",
        challenge.cases.len()
    )?;
    for (index, case) in challenge.cases.iter().enumerate() {
        let comma = if index > 0 { ", " } else { "" };
        let hidden = if case.hidden { " [hidden]" } else { "" };
        write!(out, "{comma}{}{hidden}", Esc(&case.name))?;
    }
    writeln!(out, "</p>")
}

fn badge(status: Status) -> String {
    format!("<span class=\"st {0}\">{0}</span>", status.as_str())
}

/// One case: a line for a pass, a skip or a case the same as an earlier
/// one; the whole story for a failure.
fn case(out: &mut impl Write, case: &CaseReport, same_as: Option<&str>) -> io::Result<()> {
    let status = case.status();
    write!(
        out,
        "<div class=\"case\"><p>{} <span class=\"name\">{}</span>",
        badge(status),
        Esc(&case.name)
    )?;
    if case.hidden {
        write!(out, " <span class=\"tag\">hidden</span>")?;
    }
    if case.max_points != 1 {
        write!(
            out,
            " <span class=\"pts\">{}/{} points</span>",
            case.points, case.max_points
        )?;
    }
    let shown = case.shown();
    if let Some(ms) = shown.and_then(|shown| shown.duration_ms) {
        write!(out, " <span class=\"dim\">{ms:.1} ms</span>")?;
    }
    let rendered = case.rendered();
    if let Some(first) = same_as {
        writeln!(
            out,
            " <span class=\"dim\">the same as {}, above</span></p></div>",
            Esc(first)
        )?;
        return Ok(());
    }
    if matches!(status, Status::Skipped | Status::Xfailed) || status == Status::Pass {
        if !rendered.message.is_empty() {
            write!(
                out,
                " <span class=\"dim\">{}</span>",
                Esc(&rendered.message)
            )?;
        }
        return writeln!(out, "</p></div>");
    }
    write!(out, "</p>")?;
    if !rendered.message.is_empty() {
        write!(out, "<p class=\"msg\">{}</p>", Esc(&rendered.message))?;
    }
    let Some(shown) = shown else {
        return writeln!(out, "</div>");
    };
    if !shown.code.is_empty() {
        let code: String = shown
            .code
            .lines()
            .map(|line| format!(">>> {line}\n"))
            .collect();
        block(out, "code", code.trim_end_matches('\n'))?;
    }
    let multi_line = rendered
        .expected
        .as_deref()
        .is_some_and(|e| e.contains('\n'))
        || rendered.actual.as_deref().is_some_and(|a| a.contains('\n'));
    match (&rendered.expected, &rendered.actual, &rendered.diff) {
        (Some(_), Some(_), Some(diff)) if multi_line => {
            write!(out, "<p class=\"label\">diff (<span class=\"minus\">- expected</span>, <span class=\"plus\">+ actual</span>)</p>")?;
            diff_block(out, diff)?;
        }
        (None, None, _) => {}
        (expected, actual, _) => {
            write!(out, "<div class=\"ev\">")?;
            if let Some(expected) = expected {
                write!(out, "<span class=\"label\">expected</span>")?;
                block(out, "expected", expected)?;
            }
            if let Some(actual) = actual {
                write!(out, "<span class=\"label\">actual</span>")?;
                block(out, "actual", actual)?;
            }
            write!(out, "</div>")?;
        }
    }
    if let Some(detail) = &rendered.detail {
        block(out, "detail", detail)?;
    }
    if (!shown.stdout.is_empty() || shown.stdout_truncated) && !shown.stdout_in_diff {
        write!(out, "<p class=\"label\">output</p>")?;
        block(out, "output", &shown.stdout)?;
    }
    if shown.stdout_truncated {
        write!(
            out,
            "<p class=\"dim\">… (output truncated at the capture limit)</p>"
        )?;
    }
    writeln!(out, "</div>")
}

/// `text` cut at [`BLOCK_LINES`] lines and [`BLOCK_BYTES`] bytes (on a
/// character boundary), and what was left out, in words ("" for nothing).
fn capped(text: &str) -> (&str, String) {
    let mut end = text.len().min(BLOCK_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some((at, _)) = text[..end].match_indices('\n').nth(BLOCK_LINES - 1) {
        end = at;
    }
    let (shown, rest) = text.split_at(end);
    let left_out = match rest.strip_prefix('\n') {
        _ if rest.is_empty() => String::new(),
        Some(lines) if !lines.is_empty() => match lines.lines().count() {
            1 => "1 more line".to_owned(),
            count => format!("{count} more lines"),
        },
        Some(_) => String::new(),
        None => format!("{} more bytes", rest.len()),
    };
    (shown, left_out)
}

fn more(out: &mut impl Write, left_out: &str) -> io::Result<()> {
    if !left_out.is_empty() {
        write!(
            out,
            "<p class=\"dim\">… {left_out} (the JSON report keeps them)</p>"
        )?;
    }
    Ok(())
}

/// A block of learner text, escaped and capped.
fn block(out: &mut impl Write, class: &str, text: &str) -> io::Result<()> {
    // A last line break would show as an empty line.
    let text = text.strip_suffix('\n').unwrap_or(text);
    let (shown, left_out) = capped(text);
    write!(out, "<pre class=\"{class}\">{}</pre>", Esc(shown))?;
    more(out, &left_out)
}

/// The renderer's diff (`-` expected, `+` actual, ` ` both), a line each,
/// coloured.
fn diff_block(out: &mut impl Write, diff: &str) -> io::Result<()> {
    let (shown, left_out) = capped(diff);
    write!(out, "<div class=\"diff\">")?;
    for line in shown.lines() {
        let class = match line.chars().next() {
            Some('-') => "del",
            Some('+') => "ins",
            _ => "same",
        };
        write!(out, "<div class=\"{class}\">{}</div>", Esc(line))?;
    }
    write!(out, "</div>")?;
    more(out, &left_out)
}

#[cfg(test)]
mod tests {
    use super::capped;

    #[test]
    fn blocks_are_cut_at_lines_and_bytes() {
        let lines: String = (0..150).map(|i| format!("line {i}\n")).collect();
        let (shown, left_out) = capped(&lines);
        assert_eq!(shown.lines().count(), 100);
        assert!(shown.ends_with("line 99"), "{shown}");
        assert_eq!(left_out, "50 more lines");
        let wide = "é".repeat(20_000);
        let (shown, left_out) = capped(&wide);
        assert!(shown.len() <= 16 << 10 && shown.len() > 16_000);
        assert_eq!(left_out, format!("{} more bytes", 40_000 - shown.len()));
        assert_eq!(capped("a\nb\n"), ("a\nb\n", String::new()));
    }
}
