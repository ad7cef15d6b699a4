//! `grade similar --format html`: one self-contained page, each pair's two
//! files side by side with the matched regions marked, for an instructor
//! to read before asking anyone anything. Learner names and code are
//! escaped; the page's Content-Security-Policy loads nothing and runs no
//! script (there is none), as the grading report's does.

use std::io::{self, Write};

use super::compare::Pair;
use super::report::{counted, file_path, learner, percent, MEASURE};
use super::{Compared, Findings};
use crate::report::html::escape::{csp_hash, Esc};
use crate::report::text;

const STYLE: &str = "\
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1500px}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 6px}\
.note{color:#57606a}table.pairs{border-collapse:collapse;margin:12px 0}\
table.pairs td,table.pairs th{padding:3px 10px;border-bottom:1px solid #d0d7de;text-align:left}\
.sides{display:grid;grid-template-columns:1fr 1fr;gap:12px}\
.file{border:1px solid #d0d7de;border-radius:6px;overflow:auto;max-height:640px}\
.file h3{font-size:13px;margin:0;padding:6px 8px;background:#f6f8fa;border-bottom:1px solid #d0d7de}\
pre{margin:0;font:12px/1.4 ui-monospace,monospace}\
.l{display:block;padding:0 8px;white-space:pre}.n{color:#8c959f;user-select:none;display:inline-block;width:4ch;text-align:right;margin-right:1ch}\
.m0{background:#fff3b0}.m1{background:#cdeafe}.m2{background:#d8f5d0}.m3{background:#f9d7e9}.m4{background:#e6dcfd}.m5{background:#fde2c8}";

/// Lines of a file shown at most: the regions are marked within them.
const LINES_SHOWN: usize = 600;

pub fn write(
    findings: &Findings,
    pairs: &[(&Compared, &Pair)],
    out: &mut dyn Write,
) -> io::Result<()> {
    let files: usize = findings.challenges.iter().map(|c| c.files.len()).sum();
    let title = format!(
        "grade similar: {} at or above {} similar",
        match pairs.len() {
            0 => "no pair".to_owned(),
            n => counted(n, "pair"),
        },
        percent(findings.options.threshold)
    );
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src {}; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        csp_hash(STYLE),
        Esc(&title)
    )?;
    writeln!(out, "<h1>{}</h1>", Esc(&title))?;
    writeln!(
        out,
        "<p class=\"note\">Among {} of {} in {}. {}{}.</p>",
        counted(files, "file"),
        counted(findings.learners.len(), "learner"),
        counted(findings.challenges.len(), "challenge"),
        MEASURE[..1].to_ascii_uppercase(),
        Esc(&MEASURE[1..])
    )?;
    if !pairs.is_empty() {
        writeln!(
            out,
            "<table class=\"pairs\"><tr><th>similar</th><th>challenge</th><th>learners</th><th>shares</th></tr>"
        )?;
        for (number, (compared, pair)) in pairs.iter().enumerate() {
            writeln!(
                out,
                "<tr><td><a href=\"#pair-{number}\">{}</a></td><td>{}</td><td>{} and {}</td><td>{} · {}</td></tr>",
                percent(pair.similarity),
                Esc(&compared.path),
                Esc(&text::learner_name(learner(findings, compared, pair.a))),
                Esc(&text::learner_name(learner(findings, compared, pair.b))),
                percent(pair.side_a.share),
                percent(pair.side_b.share)
            )?;
        }
        writeln!(out, "</table>")?;
    }
    for (number, (compared, pair)) in pairs.iter().enumerate() {
        writeln!(
            out,
            "<h2 id=\"pair-{number}\">{} · {} · {} and {}</h2>",
            percent(pair.similarity),
            Esc(&compared.path),
            Esc(&text::learner_name(learner(findings, compared, pair.a))),
            Esc(&text::learner_name(learner(findings, compared, pair.b)))
        )?;
        writeln!(
            out,
            "<p class=\"note\">{} matched region(s), marked in the same colour on both sides.</p>\n<div class=\"sides\">",
            pair.regions.len()
        )?;
        for (file, side, lines_of) in [(pair.a, &pair.side_a, true), (pair.b, &pair.side_b, false)]
        {
            let marks: Vec<(u32, u32)> = pair
                .regions
                .iter()
                .map(|region| {
                    let lines = if lines_of { region.a } else { region.b };
                    (lines.first, lines.last)
                })
                .collect();
            writeln!(
                out,
                "<div class=\"file\"><h3>{} · {} of its {} fingerprints matched</h3><pre>",
                Esc(&text::learner_name(&file_path(findings, compared, file))),
                percent(side.share),
                side.fingerprints
            )?;
            let source = &compared.files[file].source;
            for (index, line) in source.lines().enumerate().take(LINES_SHOWN) {
                let number = index as u32 + 1;
                let class = marks
                    .iter()
                    .position(|&(first, last)| (first..=last).contains(&number))
                    .map(|region| format!(" m{}", region % 6))
                    .unwrap_or_default();
                // No newline: each line is a block of its own.
                write!(
                    out,
                    "<span class=\"l{class}\"><span class=\"n\">{number}</span>{}</span>",
                    Esc(&text::learner_line(
                        &line.replace('\t', "    "),
                        text::MESSAGE_CAP
                    ))
                )?;
            }
            let total = source.lines().count();
            if total > LINES_SHOWN {
                write!(
                    out,
                    "<span class=\"l n\">… {} more lines</span>",
                    total - LINES_SHOWN
                )?;
            }
            writeln!(out, "</pre></div>")?;
        }
        writeln!(out, "</div>")?;
    }
    writeln!(out, "</body>\n</html>")
}
