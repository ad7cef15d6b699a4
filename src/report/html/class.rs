//! The overview of a class report: a heat map of learners × challenges
//! (each cell a link to that learner's report of that challenge), the
//! cases the class missed most, and a histogram of totals (inline SVG).
//! It is written once every learner is graded, from the few numbers the
//! reporter keeps per learner and per case.

use std::io::{self, Write};

use super::escape::Esc;
use crate::report::Status;

/// A challenge of the run: a column of the heat map.
pub struct Column {
    pub path: String,
    pub title: String,
    pub topic: String,
}

/// A submission: a row of the heat map.
pub struct Row {
    /// As reports show it (escaped for a terminal, not yet for HTML); None
    /// for the practice repo itself.
    pub name: Option<String>,
    /// By column: the learner's points there.
    pub cells: Vec<Option<Cell>>,
}

#[derive(Clone, Copy)]
pub struct Cell {
    pub points: u32,
    pub max_points: u32,
    /// Its exercise.toml does not load.
    pub broken: bool,
}

impl Row {
    pub fn points(&self) -> (u32, u32) {
        self.cells.iter().flatten().fold((0, 0), |(p, m), cell| {
            (p + cell.points, m + cell.max_points)
        })
    }
}

/// One case of one challenge across the class.
pub struct Tally {
    pub column: usize,
    pub name: String,
    pub hidden: bool,
    /// Learners graded on it, and those who did not pass it.
    pub seen: u32,
    pub failed: u32,
    /// How they failed: each failing status and its count, first seen first.
    pub how: Vec<(Status, u32)>,
}

impl Tally {
    pub fn add(&mut self, status: Status) {
        self.seen += 1;
        if status.is_failure() {
            self.failed += 1;
            match self.how.iter_mut().find(|(s, _)| *s == status) {
                Some((_, count)) => *count += 1,
                None => self.how.push((status, 1)),
            }
        }
    }
}

/// The share of points a score is; None out of nothing.
fn share(points: u32, max_points: u32) -> Option<f64> {
    (max_points > 0).then(|| f64::from(points) / f64::from(max_points))
}

/// The heat map's colour class of a share: `s0` (none) to `s10` (all).
fn shade(share: Option<f64>) -> String {
    match share {
        Some(share) => format!("s{}", (share * 10.0).floor().clamp(0.0, 10.0) as u8),
        None => "none".into(),
    }
}

/// A column's short label: the challenge's folder name.
fn slug(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub fn write(
    out: &mut impl Write,
    columns: &[Column],
    rows: &[Row],
    tallies: &[Tally],
) -> io::Result<()> {
    writeln!(
        out,
        "<nav><a href=\"#heatmap\">heat map</a> · <a href=\"#totals\">totals</a> · \
         <a href=\"#missed\">cases most missed</a></nav>\n<p class=\"dim\">Each cell of the heat \
         map is a learner's points on a challenge, coloured by their share of its points. Click a \
         column header to sort by it, a cell to open that learner's report of that challenge, a \
         name for all of theirs.</p>\n<div class=\"overview\"><div>"
    )?;
    heat_map(out, columns, rows)?;
    writeln!(out, "</div><div>")?;
    histogram(out, rows)?;
    writeln!(out, "</div></div>")?;
    missed(out, columns, tallies)
}

fn heat_map(out: &mut impl Write, columns: &[Column], rows: &[Row]) -> io::Result<()> {
    writeln!(out, "<h2 id=\"heatmap\">Heat map</h2>")?;
    write!(
        out,
        "<div class=\"scroll\"><table id=\"heat\" class=\"heat\"><thead><tr>\
         <th class=\"name\" data-kind=\"text\"><button type=\"button\">learner</button></th>"
    )?;
    for column in columns {
        write!(
            out,
            "<th class=\"col\" title=\"{}: {}\"><button type=\"button\">{}</button></th>",
            Esc(&column.path),
            Esc(&column.title),
            Esc(slug(&column.path))
        )?;
    }
    writeln!(
        out,
        "<th><button type=\"button\">total</button></th></tr></thead><tbody>"
    )?;
    for (r, row) in rows.iter().enumerate() {
        let name = row.name.as_deref().unwrap_or("(this repo)");
        write!(
            out,
            "<tr data-i=\"{r}\"><th class=\"name\" scope=\"row\"><a href=\"#l{r}\">{}</a></th>",
            Esc(name)
        )?;
        for c in 0..columns.len() {
            match row.cells.get(c).copied().flatten() {
                None => write!(out, "<td class=\"none\" data-v=\"-2\"></td>")?,
                Some(cell) if cell.broken => write!(
                    out,
                    "<td class=\"broken\" data-v=\"-1\"><a href=\"#l{r}c{c}\">broken</a></td>"
                )?,
                Some(cell) => {
                    let share = share(cell.points, cell.max_points);
                    write!(
                        out,
                        "<td class=\"{}\" data-v=\"{:.4}\"><a href=\"#l{r}c{c}\">{}/{}</a></td>",
                        shade(share),
                        share.unwrap_or(-1.0),
                        cell.points,
                        cell.max_points
                    )?
                }
            }
        }
        let (points, max_points) = row.points();
        writeln!(
            out,
            "<td class=\"total {}\" data-v=\"{points}\">{points}/{max_points}</td></tr>",
            shade(share(points, max_points))
        )?;
    }
    write!(out, "</tbody><tfoot><tr><th class=\"name\">class mean</th>")?;
    for c in 0..columns.len() {
        let shares: Vec<f64> = rows
            .iter()
            .filter_map(|row| row.cells.get(c).copied().flatten())
            .filter(|cell| !cell.broken)
            .filter_map(|cell| share(cell.points, cell.max_points))
            .collect();
        match mean(&shares) {
            Some(mean) => write!(out, "<td>{:.0}%</td>", mean * 100.0)?,
            None => write!(out, "<td></td>")?,
        }
    }
    let totals: Vec<f64> = rows
        .iter()
        .filter_map(|row| {
            let (points, max_points) = row.points();
            share(points, max_points)
        })
        .collect();
    match mean(&totals) {
        Some(mean) => write!(out, "<td>{:.0}%</td>", mean * 100.0)?,
        None => write!(out, "<td></td>")?,
    }
    writeln!(out, "</tr></tfoot></table></div>")
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Every case with the share of the class that did not pass it, most
/// missed first: the concept to teach again leads.
fn missed(out: &mut impl Write, columns: &[Column], tallies: &[Tally]) -> io::Result<()> {
    writeln!(
        out,
        "<h2 id=\"missed\">Cases most missed</h2>\n<p class=\"dim\">Each case with the share of \
         the class that did not pass it, the most missed first.</p>"
    )?;
    let mut order: Vec<&Tally> = tallies.iter().filter(|t| t.seen > 0).collect();
    // failed/seen descending, by cross-multiplying: exact, no floats.
    order.sort_by(|a, b| {
        (u64::from(b.failed) * u64::from(a.seen))
            .cmp(&(u64::from(a.failed) * u64::from(b.seen)))
            .then(b.failed.cmp(&a.failed))
    });
    let (leading, rest) = order.split_at(order.len().min(LEADING));
    missed_table(out, columns, leading)?;
    if !rest.is_empty() {
        writeln!(
            out,
            "<details><summary>the other {} cases</summary>",
            rest.len()
        )?;
        missed_table(out, columns, rest)?;
        writeln!(out, "</details>")?;
    }
    Ok(())
}

/// How many of the most missed cases show before the rest is folded.
const LEADING: usize = 12;

fn missed_table(out: &mut impl Write, columns: &[Column], tallies: &[&Tally]) -> io::Result<()> {
    write!(
        out,
        "<div class=\"scroll\"><table class=\"missed\"><thead><tr><th colspan=\"2\">missed by</th>\
         <th>learners</th><th>challenge</th><th>topic</th><th>case</th><th>how</th></tr></thead>\
         <tbody>"
    )?;
    for tally in tallies {
        let share = f64::from(tally.failed) / f64::from(tally.seen);
        let column = &columns[tally.column];
        write!(
            out,
            "<tr><td><svg class=\"bar\" width=\"100\" height=\"10\" aria-hidden=\"true\">\
             <rect width=\"100\" height=\"10\" fill=\"#eaeef2\"/>\
             <rect width=\"{:.1}\" height=\"10\" fill=\"#cf222e\"/></svg></td>\
             <td class=\"num\">{:.0}%</td><td class=\"num\">{} of {}</td><td>{}</td><td>{}</td>\
             <td>{}",
            share * 100.0,
            share * 100.0,
            tally.failed,
            tally.seen,
            Esc(&column.path),
            Esc(&column.topic),
            Esc(&tally.name)
        )?;
        if tally.hidden {
            write!(out, " <span class=\"tag\">hidden</span>")?;
        }
        write!(out, "</td><td>")?;
        for (index, (status, count)) in tally.how.iter().enumerate() {
            let comma = if index > 0 { " " } else { "" };
            write!(
                out,
                "{comma}<span class=\"st {0}\">{0}</span>&#160;{count}",
                status.as_str()
            )?;
        }
        writeln!(out, "</td></tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

/// Learners by share of points in ten bins (the last holds 100%), as bars.
fn histogram(out: &mut impl Write, rows: &[Row]) -> io::Result<()> {
    const BINS: usize = 10;
    const WIDTH: usize = 440;
    const HEIGHT: usize = 160;
    const LEFT: usize = 20;
    const TOP: usize = 20;
    const BAR: usize = (WIDTH - 2 * LEFT) / BINS;
    let mut bins = [0u32; BINS];
    let mut counted = 0;
    for row in rows {
        let (points, max_points) = row.points();
        if let Some(share) = share(points, max_points) {
            bins[((share * BINS as f64) as usize).min(BINS - 1)] += 1;
            counted += 1;
        }
    }
    let tallest = bins.iter().copied().max().unwrap_or(0).max(1);
    writeln!(
        out,
        "<h2 id=\"totals\">Totals</h2>\n<p class=\"dim\">{counted} learners by their share of \
         the points.</p>"
    )?;
    writeln!(
        out,
        "<svg class=\"histogram\" width=\"{WIDTH}\" height=\"{}\" viewBox=\"0 0 {WIDTH} {}\" \
         role=\"img\" aria-label=\"histogram of totals\">",
        TOP + HEIGHT + 30,
        TOP + HEIGHT + 30
    )?;
    for (bin, &count) in bins.iter().enumerate() {
        let height = count as usize * HEIGHT / tallest as usize;
        let x = LEFT + bin * BAR;
        let y = TOP + HEIGHT - height;
        let range = if bin == BINS - 1 {
            format!("from {}% to 100%", bin * 10)
        } else {
            format!("from {}% up to {}%", bin * 10, bin * 10 + 10)
        };
        writeln!(
            out,
            "<rect class=\"bin\" x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{height}\" \
             fill=\"#0969da\"><title>{count} learners {range}</title></rect>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\">{count}</text>",
            x + 2,
            BAR - 4,
            x + BAR / 2,
            y.saturating_sub(4).max(12)
        )?;
    }
    writeln!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#656d76\"/>",
        TOP + HEIGHT,
        WIDTH - LEFT
    )?;
    for tick in 0..=BINS {
        writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#656d76\">{}%</text>",
            LEFT + tick * BAR,
            TOP + HEIGHT + 16,
            tick * 10
        )?;
    }
    writeln!(out, "</svg>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_run_from_none_to_all() {
        assert_eq!(shade(share(0, 5)), "s0");
        assert_eq!(shade(share(3, 5)), "s6");
        assert_eq!(shade(share(5, 5)), "s10");
        assert_eq!(shade(share(0, 0)), "none");
    }

    #[test]
    fn the_most_missed_case_comes_first() {
        let columns = vec![Column {
            path: "week1/<b>".into(),
            title: "t".into(),
            topic: "generators".into(),
        }];
        let tally = |name: &str, failed: u32, seen: u32| Tally {
            column: 0,
            name: name.into(),
            hidden: false,
            seen,
            failed,
            how: vec![(Status::Fail, failed)],
        };
        let tallies = [
            tally("rarely", 1, 4),
            tally("often", 3, 4),
            tally("half", 2, 4),
        ];
        let mut out = Vec::new();
        missed(&mut out, &columns, &tallies).unwrap();
        let text = String::from_utf8(out).unwrap();
        let at = |name: &str| text.find(&format!("<td>{name}</td>")).unwrap();
        assert!(
            at("often") < at("half") && at("half") < at("rarely"),
            "{text}"
        );
        assert!(text.contains("week1/&lt;b&gt;") && !text.contains("<b>"));
        assert!(text.contains("<td class=\"num\">75%</td><td class=\"num\">3 of 4</td>"));
    }
}
