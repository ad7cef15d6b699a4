//! The findings of `grade similar` as text for a person (pairs most
//! similar first, the matched regions side by side), JSON or CSV for
//! scripts. Learner names and code are the learners' own text: escaped
//! and capped as every report does (`report::text`).

use std::io::{self, Write};

use serde::Serialize;

use super::compare::{Lines, Pair, Side};
use super::fingerprint::{K, WINDOW};
use super::{Compared, Findings};
use crate::report::text;

/// `grade similar --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Pairs most similar first, their matched regions side by side.
    Human,
    /// One document: settings, challenges compared, pairs with regions.
    Json,
    /// One row per pair.
    Csv,
    /// One self-contained page: each pair's two files side by side, the
    /// matched regions marked.
    Html,
}

/// What the percentages mean, said once in every format.
pub(super) const MEASURE: &str = "a pair's similarity is the larger of its two shares; a file's share is the fraction of its own fingerprints (those not in the challenge's stub or reference solution) that the other file holds too";

/// Regions shown per pair, and lines shown per region, in the human
/// report.
const REGIONS_SHOWN: usize = 6;
const LINES_SHOWN: usize = 3;
/// Characters of code shown per column.
const COLUMN: usize = 38;

pub fn write(findings: &Findings, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human(findings, out),
        Format::Json => json(findings, out),
        Format::Csv => csv(findings, out),
        Format::Html => super::html::write(findings, &ranked(findings), out),
    }
}

/// Every pair with its challenge, most similar first, then by challenge.
pub(super) fn ranked(findings: &Findings) -> Vec<(&Compared, &Pair)> {
    let mut all: Vec<(&Compared, &Pair)> = findings
        .challenges
        .iter()
        .flat_map(|c| c.pairs.iter().map(move |p| (c, p)))
        .collect();
    all.sort_by(|x, y| {
        y.1.similarity
            .total_cmp(&x.1.similarity)
            .then_with(|| x.0.path.cmp(&y.0.path))
    });
    all
}

pub(super) fn learner<'f>(findings: &'f Findings, compared: &Compared, file: usize) -> &'f str {
    &findings.learners[compared.files[file].learner]
}

/// The file as found beneath the class folder.
pub(super) fn file_path(findings: &Findings, compared: &Compared, file: usize) -> String {
    format!(
        "{}/{}/{}",
        learner(findings, compared, file),
        compared.path,
        compared.file
    )
}

/// The same, for a person: the learner's folder name escaped.
fn shown_path(findings: &Findings, compared: &Compared, file: usize) -> String {
    format!(
        "{}/{}/{}",
        text::learner_name(learner(findings, compared, file)),
        compared.path,
        compared.file
    )
}

pub(super) fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn human(findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
    let pairs = ranked(findings);
    for (compared, pair) in &pairs {
        let name_a = text::learner_name(learner(findings, compared, pair.a));
        let name_b = text::learner_name(learner(findings, compared, pair.b));
        writeln!(
            out,
            "{:>4}  {}  {name_a} and {name_b}",
            percent(pair.similarity),
            compared.path
        )?;
        let width = name_a.chars().count().max(name_b.chars().count());
        for (file, name, side) in [
            (pair.a, &name_a, &pair.side_a),
            (pair.b, &name_b, &pair.side_b),
        ] {
            writeln!(
                out,
                "      {name:<width$}  {:>4} of its {} fingerprints matched  {}",
                percent(side.share),
                side.fingerprints,
                shown_path(findings, compared, file),
            )?;
        }
        let source_a = &compared.files[pair.a].source;
        let source_b = &compared.files[pair.b].source;
        for region in pair.regions.iter().take(REGIONS_SHOWN) {
            writeln!(
                out,
                "      {name_a} {}  <->  {name_b} {}",
                lines(region.a),
                lines(region.b)
            )?;
            let left = quoted(source_a, region.a);
            let right = quoted(source_b, region.b);
            for row in 0..left.len().max(right.len()) {
                let cell = |side: &Vec<String>| side.get(row).cloned().unwrap_or_default();
                let left = cell(&left);
                // A quoted line is the number's 5 columns, 2 spaces, the code.
                let padding = (COLUMN + 7).saturating_sub(left.chars().count());
                writeln!(
                    out,
                    "        {left}{:padding$} | {}",
                    "",
                    cell(&right).trim_end()
                )?;
            }
        }
        if pair.regions.len() > REGIONS_SHOWN {
            writeln!(
                out,
                "      … and {}",
                counted(pair.regions.len() - REGIONS_SHOWN, "more region")
            )?;
        }
        writeln!(out)?;
    }
    let files: usize = findings.challenges.iter().map(|c| c.files.len()).sum();
    let found = match pairs.len() {
        0 => "no pair".to_owned(),
        n => counted(n, "pair"),
    };
    writeln!(
        out,
        "{found} at or above {} similar, among {} of {} in {}.",
        percent(findings.options.threshold),
        counted(files, "file"),
        counted(findings.learners.len(), "learner"),
        counted(findings.challenges.len(), "challenge"),
    )?;
    let mut measure = MEASURE.to_owned();
    measure[..1].make_ascii_uppercase();
    writeln!(out, "{measure}.")
}

/// `1 pair`, `2 pairs`.
pub(super) fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn lines(lines: Lines) -> String {
    if lines.first == lines.last {
        format!("line {}", lines.first)
    } else {
        format!("lines {}-{}", lines.first, lines.last)
    }
}

/// The first lines of a region, numbered, escaped and cut to a column.
fn quoted(source: &str, region: Lines) -> Vec<String> {
    let first = region.first.max(1) as usize;
    let count = (region.last as usize + 1).saturating_sub(first);
    let mut shown: Vec<String> = source
        .lines()
        .skip(first - 1)
        .take(count.min(LINES_SHOWN))
        .enumerate()
        .map(|(offset, line)| {
            let code = text::learner_line(&line.replace('\t', "    "), text::MESSAGE_CAP);
            let code = if code.chars().count() > COLUMN {
                let mut cut: String = code.chars().take(COLUMN - 1).collect();
                cut.push('…');
                cut
            } else {
                code
            };
            format!("{:>5}  {code}", first + offset)
        })
        .collect();
    if count > LINES_SHOWN {
        shown.push("       …".to_owned());
    }
    shown
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    measure: &'static str,
    threshold: f64,
    min_tokens: usize,
    /// Tokens per k-gram and k-grams per winnowing window.
    k: usize,
    window: usize,
    learners: usize,
    challenges: Vec<JsonChallenge<'a>>,
    pairs: Vec<JsonPair<'a>>,
}

#[derive(Serialize)]
struct JsonChallenge<'a> {
    path: &'a str,
    file: &'a str,
    /// Learner files compared.
    submissions: usize,
    pairs: usize,
}

#[derive(Serialize)]
struct JsonPair<'a> {
    challenge: &'a str,
    similarity: f64,
    shared_fingerprints: usize,
    a: JsonSide<'a>,
    b: JsonSide<'a>,
    regions: Vec<JsonRegion>,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    learner: &'a str,
    /// The file beneath the class folder.
    file: String,
    share: f64,
    fingerprints: usize,
    matched_tokens: usize,
}

#[derive(Serialize)]
struct JsonRegion {
    a: JsonLines,
    b: JsonLines,
}

#[derive(Serialize)]
struct JsonLines {
    first_line: u32,
    last_line: u32,
}

impl From<Lines> for JsonLines {
    fn from(lines: Lines) -> Self {
        JsonLines {
            first_line: lines.first,
            last_line: lines.last,
        }
    }
}

/// Shares to four decimals: enough to sort by, short to read.
fn rounded(share: f64) -> f64 {
    (share * 10_000.0).round() / 10_000.0
}

fn json(findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
    let side = |compared: &Compared, file: usize, side: &Side| JsonSide {
        learner: learner(findings, compared, file),
        file: file_path(findings, compared, file),
        share: rounded(side.share),
        fingerprints: side.fingerprints,
        matched_tokens: side.matched_tokens,
    };
    let report = JsonReport {
        version: 1,
        measure: MEASURE,
        threshold: findings.options.threshold,
        min_tokens: findings.options.min_tokens,
        k: K,
        window: WINDOW,
        learners: findings.learners.len(),
        challenges: findings
            .challenges
            .iter()
            .map(|c| JsonChallenge {
                path: &c.path,
                file: &c.file,
                submissions: c.files.len(),
                pairs: c.pairs.len(),
            })
            .collect(),
        pairs: ranked(findings)
            .into_iter()
            .map(|(compared, pair)| JsonPair {
                challenge: &compared.path,
                similarity: rounded(pair.similarity),
                shared_fingerprints: pair.shared,
                a: side(compared, pair.a, &pair.side_a),
                b: side(compared, pair.b, &pair.side_b),
                regions: pair
                    .regions
                    .iter()
                    .map(|r| JsonRegion {
                        a: r.a.into(),
                        b: r.b.into(),
                    })
                    .collect(),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

fn csv(findings: &Findings, out: &mut dyn Write) -> io::Result<()> {
    use crate::report::csv::{row, spreadsheet_safe};
    let header = [
        "challenge",
        "learner_a",
        "learner_b",
        "similarity",
        "share_a",
        "share_b",
        "shared_fingerprints",
        "regions",
    ];
    writeln!(out, "{}", header.join(","))?;
    for (compared, pair) in ranked(findings) {
        let regions: Vec<String> = pair
            .regions
            .iter()
            .map(|r| format!("{}-{}:{}-{}", r.a.first, r.a.last, r.b.first, r.b.last))
            .collect();
        let cells = [
            compared.path.clone(),
            spreadsheet_safe(learner(findings, compared, pair.a)),
            spreadsheet_safe(learner(findings, compared, pair.b)),
            format!("{:.4}", pair.similarity),
            format!("{:.4}", pair.side_a.share),
            format!("{:.4}", pair.side_b.share),
            pair.shared.to_string(),
            regions.join(" "),
        ];
        writeln!(out, "{}", row(&cells))?;
    }
    Ok(())
}
