//! `--format html`: one self-contained page that opens in any browser,
//! offline. One submission: every challenge and case, statuses and diffs
//! coloured. A class: a heat map of learners × challenges (sortable, each
//! cell opening that learner's report of that challenge in a panel), the
//! cases most missed, and a histogram of totals; every learner's reports
//! are in the page.
//!
//! Every learner text is HTML-escaped ([`escape::Esc`]); a
//! Content-Security-Policy lets the page load nothing and run only its own
//! style and script (by hash), so nothing a learner prints could run even
//! if it were not. Like the JSON report, the sections of each learner are
//! written to a spill file as they come and joined under the overview once
//! the run is over: the reporter keeps a few numbers per learner and per
//! case, however large the class.

mod challenge;
mod class;
pub(crate) mod escape;

use std::collections::HashMap;
use std::io::{self, BufWriter, Seek, Write};

use super::text::learner_name;
use super::{ChallengeReport, Event, Learner, Reporter, Summary};
use class::{Cell, Column, Row, Tally};
use escape::{csp_hash, Esc};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

pub struct Html<W: Write> {
    out: W,
    /// The submissions' sections so far.
    spill: Option<BufWriter<std::fs::File>>,
    /// The submission being written: its learner's index, and its row.
    current: Option<(Option<usize>, usize)>,
    /// Some submission is a class's learner.
    class: bool,
    columns: Vec<Column>,
    column_of: HashMap<String, usize>,
    rows: Vec<Row>,
    tallies: Vec<Tally>,
    tally_of: HashMap<(usize, String), usize>,
}

impl<W: Write> Html<W> {
    pub fn new(out: W) -> Self {
        Html {
            out,
            spill: None,
            current: None,
            class: false,
            columns: Vec::new(),
            column_of: HashMap::new(),
            rows: Vec::new(),
            tallies: Vec::new(),
            tally_of: HashMap::new(),
        }
    }

    fn spill(&mut self) -> io::Result<&mut BufWriter<std::fs::File>> {
        let spill = match self.spill.take() {
            Some(spill) => spill,
            None => BufWriter::new(tempfile::tempfile()?),
        };
        Ok(self.spill.insert(spill))
    }

    /// Ends the submission being written: its total, and its section.
    fn close_submission(&mut self) -> io::Result<()> {
        let Some((_, row)) = self.current.take() else {
            return Ok(());
        };
        let row = &self.rows[row];
        let (points, max_points) = row.points();
        let cells: Vec<Cell> = row.cells.iter().flatten().copied().collect();
        let complete = cells
            .iter()
            .filter(|cell| !cell.broken && cell.points == cell.max_points)
            .count();
        let name = row.name.clone();
        let spill = self.spill()?;
        if let Some(name) = name {
            write!(spill, "<p class=\"total\">{}: ", Esc(&name))?;
        } else {
            write!(spill, "<p class=\"total\">")?;
        }
        writeln!(
            spill,
            "{points}/{max_points} points, {complete} of {} challenges complete</p></section>",
            cells.len()
        )
    }

    fn graded(
        &mut self,
        learner: Option<Learner<'_>>,
        challenge: &ChallengeReport,
    ) -> io::Result<()> {
        let index = learner.map(|l| l.index);
        if self.current.is_none_or(|(at, _)| at != index) {
            self.close_submission()?;
            let row = self.rows.len();
            let name = learner.map(|l| learner_name(l.name));
            self.class |= name.is_some();
            let spill = self.spill()?;
            write!(spill, "<section class=\"learner\" id=\"l{row}\">")?;
            if let Some(name) = &name {
                write!(
                    spill,
                    "<h2><a class=\"close\" href=\"#_\" title=\"close\">×</a>{}</h2>",
                    Esc(name)
                )?;
            }
            writeln!(spill)?;
            self.rows.push(Row {
                name,
                cells: Vec::new(),
            });
            self.current = Some((index, row));
        }
        let Some((_, r)) = self.current else {
            return Ok(());
        };
        let c = match self.column_of.get(&challenge.path) {
            Some(&c) => c,
            None => {
                self.columns.push(Column {
                    path: challenge.path.clone(),
                    title: challenge.title.clone(),
                    topic: challenge.topic.clone(),
                });
                self.column_of
                    .insert(challenge.path.clone(), self.columns.len() - 1);
                self.columns.len() - 1
            }
        };
        for case in &challenge.cases {
            let key = (c, case.name.clone());
            let t = match self.tally_of.get(&key) {
                Some(&t) => t,
                None => {
                    self.tallies.push(Tally {
                        column: c,
                        name: case.name.clone(),
                        hidden: case.hidden,
                        seen: 0,
                        failed: 0,
                        how: Vec::new(),
                    });
                    self.tally_of.insert(key, self.tallies.len() - 1);
                    self.tallies.len() - 1
                }
            };
            self.tallies[t].add(case.status());
        }
        let row = &mut self.rows[r];
        if row.cells.len() <= c {
            row.cells.resize(c + 1, None);
        }
        // The heat map links to a challenge's first section in a
        // submission; a second one (the same path graded twice) keeps its
        // own id.
        let id = match row.cells[c] {
            None => format!("l{r}c{c}"),
            Some(_) => format!("l{r}c{c}-{}", row.cells.iter().flatten().count()),
        };
        if row.cells[c].is_none() {
            row.cells[c] = Some(Cell {
                points: challenge.points,
                max_points: challenge.max_points,
                broken: challenge.broken.is_some(),
            });
        }
        let name = row.name.clone().filter(|_| self.class);
        challenge::write(self.spill()?, &id, name.as_deref(), challenge)
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.close_submission()?;
        let out = &mut self.out;
        let title = if self.class {
            format!("grade: a class of {} learners", self.rows.len())
        } else {
            "grade report".to_owned()
        };
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src {}; script-src {}; base-uri 'none'; form-action 'none'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <meta name=\"generator\" content=\"grade {}\">\n\
             <title>{}</title>\n<style>{STYLE}</style>\n</head>\n",
            csp_hash(STYLE),
            csp_hash(SCRIPT),
            env!("CARGO_PKG_VERSION"),
            Esc(&title)
        )?;
        let mode = if self.class { "class" } else { "one" };
        writeln!(out, "<body class=\"{mode}\">\n<header class=\"top\">")?;
        writeln!(out, "<h1>{}</h1>", Esc(&title))?;
        let mut line = format!("{} passed, {} failed", summary.passed, summary.failed);
        if summary.skipped > 0 {
            line.push_str(&format!(", {} skipped", summary.skipped));
        }
        let good = if summary.failed == 0 { "full" } else { "part" };
        writeln!(
            out,
            "<p class=\"summary\"><span class=\"score {good}\">{line}</span> · {}/{} points · \
             {} challenges · {} ms</p>\n</header>",
            summary.points,
            summary.max_points,
            self.columns.len(),
            summary.duration_ms
        )?;
        if self.rows.is_empty() {
            writeln!(out, "<p>No challenge was graded.</p>")?;
        } else if self.class {
            class::write(out, &self.columns, &self.rows, &self.tallies)?;
            writeln!(
                out,
                "<h2 id=\"reports\">Reports</h2>\n<p class=\"dim\">Open one from the heat map.</p>"
            )?;
        } else {
            contents(out, &self.columns, &self.rows)?;
        }
        writeln!(out, "<main>")?;
        if let Some(spill) = self.spill.take() {
            let mut spill = spill.into_inner().map_err(io::IntoInnerError::into_error)?;
            spill.rewind()?;
            io::copy(&mut io::BufReader::new(spill), out)?;
        }
        writeln!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>")?;
        out.flush()
    }
}

/// One submission's challenges at a glance, each a link to its section.
fn contents(out: &mut impl Write, columns: &[Column], rows: &[Row]) -> io::Result<()> {
    write!(
        out,
        "<table class=\"contents\"><thead><tr><th>challenge</th><th>title</th><th>topic</th>\
         <th>points</th></tr></thead><tbody>"
    )?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            let Some(cell) = cell else { continue };
            let column = &columns[c];
            let score = if cell.broken {
                "<span class=\"score part\">broken</span>".to_owned()
            } else {
                let full = if cell.points == cell.max_points {
                    "full"
                } else {
                    "part"
                };
                format!(
                    "<span class=\"score {full}\">{}/{}</span>",
                    cell.points, cell.max_points
                )
            };
            writeln!(
                out,
                "<tr><td><a href=\"#l{r}c{c}\">{}</a></td><td>{}</td><td>{}</td><td>{score}</td></tr>",
                Esc(&column.path),
                Esc(&column.title),
                Esc(&column.topic)
            )?;
        }
    }
    writeln!(out, "</tbody></table>")
}

impl<W: Write> Reporter for Html<W> {
    fn event(&mut self, event: Event<'_>) -> io::Result<()> {
        match event {
            Event::Started { .. } => Ok(()),
            Event::Graded { learner, challenge } => self.graded(learner, challenge),
            Event::Finished { summary } => self.finish(summary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::{self, Rendered};
    use crate::report::{CaseReport, CaseView, Shown, Status};

    /// A challenge of ten cases: seven passed, two failed with long
    /// values, one hidden.
    fn challenge(path: &str, points: u32) -> ChallengeReport {
        let value: String = (0..12)
            .map(|i| format!("'a value of some length, line {i}',\n"))
            .collect();
        let mut cases: Vec<CaseReport> = (0..7)
            .map(|i| CaseReport {
                name: format!("passes {i}"),
                status: Status::Pass,
                hidden: false,
                points: 1,
                max_points: 1,
                stub: false,
                not_run: None,
                view: CaseView::Shown(Box::new(Shown {
                    duration_ms: Some(0.4),
                    code: "f(1)".into(),
                    ..Shown::default()
                })),
            })
            .collect();
        for i in 0..2 {
            cases.push(CaseReport {
                name: format!("fails {i}"),
                status: Status::Fail,
                hidden: false,
                points: 0,
                max_points: 1,
                stub: false,
                not_run: None,
                view: CaseView::Shown(Box::new(Shown {
                    rendered: Rendered {
                        message: "value differs".into(),
                        expected: Some(value.clone()),
                        actual: Some(value.replace("line 3", "line three")),
                        diff: Some(render::diff(&value, &value.replace("line 3", "line three"))),
                        detail: None,
                    },
                    duration_ms: Some(1.0),
                    code: "f(2)".into(),
                    stdout: "printed\n".repeat(5),
                    ..Shown::default()
                })),
            });
        }
        cases.push(CaseReport {
            name: "hidden".into(),
            status: Status::Fail,
            hidden: true,
            points: 0,
            max_points: 1,
            stub: false,
            not_run: None,
            view: CaseView::Redacted {
                message: "value differs".into(),
            },
        });
        ChallengeReport {
            path: path.into(),
            title: "A title".into(),
            topic: "generators".into(),
            difficulty: 2,
            file: "solution.py".into(),
            points,
            max_points: 10,
            cases,
            broken: None,
            hints_seen: 0,
        }
    }

    fn class(learners: usize, challenges: usize) -> String {
        let reports: Vec<ChallengeReport> = (0..challenges)
            .map(|c| challenge(&format!("week1/challenge-{c}"), 7))
            .collect();
        let names: Vec<String> = (0..learners).map(|l| format!("learner-{l}")).collect();
        let mut out = Vec::new();
        let mut html = Html::new(&mut out);
        let mut summary = Summary::default();
        for (index, name) in names.iter().enumerate() {
            for report in &reports {
                summary.add(report);
                html.event(Event::Graded {
                    learner: Some(Learner { index, name }),
                    challenge: report,
                })
                .unwrap();
            }
        }
        html.event(Event::Finished { summary: &summary }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_cell_links_to_its_own_section() {
        let html = class(3, 4);
        assert_eq!(html.matches("<tr data-i=").count(), 3);
        for l in 0..3 {
            for c in 0..4 {
                assert_eq!(
                    html.matches(&format!("href=\"#l{l}c{c}\"")).count(),
                    1,
                    "l{l}c{c}"
                );
                assert_eq!(
                    html.matches(&format!("id=\"l{l}c{c}\"")).count(),
                    1,
                    "l{l}c{c}"
                );
            }
            assert!(html.contains(&format!("<section class=\"learner\" id=\"l{l}\">")));
        }
        // The most missed: the hidden case and the two failures, by all.
        let missed = &html[html.find("id=\"missed\"").unwrap()..];
        assert!(missed.contains("<td class=\"num\">100%</td><td class=\"num\">3 of 3</td>"));
    }

    /// 200 learners × 10 challenges of 10 cases: a file a browser opens
    /// at once (about 34 KB per learner here, 6.7 MB in all).
    #[test]
    fn a_large_class_stays_a_reasonable_size() {
        let html = class(200, 10);
        assert_eq!(html.matches("<tr data-i=").count(), 200);
        assert!(html.len() < 8 << 20, "{} bytes", html.len());
    }
}
