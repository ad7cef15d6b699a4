//! `--format csv`: a gradebook, one row per learner (one row in all when
//! grading the practice repo itself), one column of points per challenge,
//! then the total.

use std::io::Write;

use super::{Event, Reporter};

pub struct Csv<W: Write> {
    out: W,
    challenges: Vec<String>,
    rows: Vec<Row>,
}

/// One learner's points, in challenge order.
struct Row {
    index: Option<usize>,
    learner: String,
    points: Vec<u32>,
    max: u32,
}

impl<W: Write> Csv<W> {
    pub fn new(out: W) -> Self {
        Csv {
            out,
            challenges: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for Csv<W> {
    fn event(&mut self, event: Event<'_>) -> std::io::Result<()> {
        match event {
            Event::Started { .. } => {}
            Event::Graded { learner, challenge } => {
                let index = learner.map(|l| l.index);
                if self.rows.last().is_none_or(|row| row.index != index) {
                    self.rows.push(Row {
                        index,
                        learner: learner
                            .map(|l| spreadsheet_safe(l.name))
                            .unwrap_or_default(),
                        points: Vec::new(),
                        max: 0,
                    });
                }
                if self.rows.len() == 1 {
                    self.challenges.push(challenge.path.clone());
                }
                if let Some(row) = self.rows.last_mut() {
                    row.points.push(challenge.points);
                    row.max += challenge.max_points;
                }
            }
            Event::Finished { .. } => {
                let mut header = vec!["learner".to_owned()];
                header.extend(self.challenges.iter().cloned());
                header.extend(["total".to_owned(), "max".to_owned()]);
                writeln!(self.out, "{}", row(&header))?;
                for Row {
                    learner,
                    points,
                    max,
                    ..
                } in &self.rows
                {
                    let mut cells = vec![learner.clone()];
                    cells.extend(points.iter().map(u32::to_string));
                    cells.push(points.iter().sum::<u32>().to_string());
                    cells.push(max.to_string());
                    writeln!(self.out, "{}", row(&cells))?;
                }
                self.out.flush()?;
            }
        }
        Ok(())
    }
}

/// A learner's name as a cell: escaped, and never read as a formula by a
/// spreadsheet (a folder named `=HYPERLINK(…)` stays text).
pub(crate) fn spreadsheet_safe(name: &str) -> String {
    let name = super::text::learner_name(name);
    if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{name}")
    } else {
        name
    }
}

/// RFC 4180: quote a cell when it holds a comma, a quote or a line break.
pub(crate) fn row(cells: &[String]) -> String {
    cells
        .iter()
        .map(|cell| {
            if cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::{row, spreadsheet_safe};

    #[test]
    fn names_are_never_formulas() {
        assert_eq!(spreadsheet_safe("=2+5"), "'=2+5");
        assert_eq!(spreadsheet_safe("@SUM(1+9)"), "'@SUM(1+9)");
        assert_eq!(spreadsheet_safe("ada"), "ada");
        assert_eq!(spreadsheet_safe("a\x1b[2J"), "a\\x1b[2J");
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        let cells = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r"].map(String::from);
        assert_eq!(
            row(&cells),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\""
        );
    }
}
