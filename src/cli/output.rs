//! Output for people and scripts: aligned tables on a terminal, `--json` with stable
//! field names, `--csv` for spreadsheets. All text passes through `sanitize`, so a
//! stored escape sequence never reaches the terminal.

use std::io::Write;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::model::text::sanitize;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns.
    Table,
    /// One JSON document.
    Json,
    /// Comma-separated values with a header row.
    Csv,
}

/// A list of rows: the same data as a table, JSON objects or CSV.
pub struct Listing {
    /// Column headers (table and CSV).
    pub headers: Vec<&'static str>,
    /// Cells per row (table and CSV).
    pub rows: Vec<Vec<String>>,
    /// One JSON object per row.
    pub json: Vec<Value>,
}

impl Listing {
    /// An empty listing with these columns.
    pub fn new(headers: Vec<&'static str>) -> Self {
        Listing {
            headers,
            rows: Vec::new(),
            json: Vec::new(),
        }
    }

    /// Adds a row and its JSON form.
    pub fn push(&mut self, row: Vec<String>, json: Value) {
        self.rows.push(row);
        self.json.push(json);
    }

    /// Prints in the context's format (through a [`Sink`]); an empty table prints
    /// `empty` as a note instead.
    pub fn print(&self, ctx: &super::Ctx, empty: &str) -> anyhow::Result<()> {
        let mut sink = Sink::new(ctx, self.headers.clone());
        for (row, json) in self.rows.iter().zip(&self.json) {
            if !sink.push(|| row.clone(), || json.clone()) {
                break;
            }
        }
        sink.finish(empty)
    }
}

/// Writes aligned columns; the last column is not padded.
pub fn write_table(
    out: &mut impl Write,
    headers: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let clean = clean_rows(rows);
    let widths = widths(headers, &clean);
    write_row(out, &widths, headers)?;
    for r in &clean {
        write_row(out, &widths, r)?;
    }
    Ok(())
}

/// Rows with every cell passed through `sanitize`.
fn clean_rows(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| sanitize(c).into_owned()).collect())
        .collect()
}

/// Column widths that fit the headers and rows (a cell counts up to 48 columns).
fn widths(headers: &[&str], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.width().min(48));
            }
        }
    }
    widths
}

/// Writes one line of cells at the given widths (cut with `…` when longer).
fn write_row<S: AsRef<str>>(
    out: &mut impl Write,
    widths: &[usize],
    cells: &[S],
) -> std::io::Result<()> {
    let n = cells.len();
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        let w = widths.get(i).copied().unwrap_or(48);
        let c = truncate(c.as_ref(), w);
        s.push_str(&c);
        if i + 1 < n {
            s.push_str(&" ".repeat(w.saturating_sub(c.width()) + 2));
        }
    }
    writeln!(out, "{}", s.trim_end())
}

/// How many rows a streamed table holds back to size its columns before printing.
const SIZE_FROM: usize = 1000;

/// Rows printed as they come, in the context's format, so a long list is never held
/// whole: JSON and CSV are written row by row; a table holds its first
/// [`SIZE_FROM`] rows to size the columns, then prints the rest at those widths. A
/// write error stops the walk that feeds it ([`Sink::push`] returns false) and is
/// returned by [`Sink::finish`].
pub struct Sink<'c, 'a> {
    ctx: &'c super::Ctx<'a>,
    headers: Vec<&'static str>,
    held: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
    csv: Option<csv::Writer<Vec<u8>>>,
    count: usize,
    failed: Option<anyhow::Error>,
}

impl<'c, 'a> Sink<'c, 'a> {
    /// A sink with these columns.
    pub fn new(ctx: &'c super::Ctx<'a>, headers: Vec<&'static str>) -> Self {
        Sink {
            ctx,
            headers,
            held: Vec::new(),
            widths: None,
            csv: None,
            count: 0,
            failed: None,
        }
    }

    /// Prints a row (its cells for a table or CSV, its object for JSON); false once
    /// writing has failed.
    pub fn push(
        &mut self,
        row: impl FnOnce() -> Vec<String>,
        json: impl FnOnce() -> Value,
    ) -> bool {
        if self.failed.is_some() {
            return false;
        }
        let done = match self.ctx.format {
            Format::Json => self.json(json()),
            Format::Csv => self.csv_row(row()),
            Format::Table => self.table_row(row()),
        };
        self.count += 1;
        match done {
            Ok(()) => true,
            Err(e) => {
                self.failed = Some(e);
                false
            }
        }
    }

    fn json(&mut self, value: Value) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(&value)?;
        let mut out = self.ctx.out();
        out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
        // The same text as pretty-printing the whole array: each line indented once.
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"  ")?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    fn csv_row(&mut self, row: Vec<String>) -> anyhow::Result<()> {
        let w = match &mut self.csv {
            Some(w) => w,
            None => {
                let mut w = csv::Writer::from_writer(Vec::new());
                w.write_record(&self.headers)?;
                self.csv.insert(w)
            }
        };
        w.write_record(row.iter().map(|c| csv_safe(c).into_owned()))?;
        if w.get_ref().len() >= 1 << 16 {
            self.flush_csv()?;
        }
        Ok(())
    }

    fn flush_csv(&mut self) -> anyhow::Result<()> {
        if let Some(w) = &mut self.csv {
            let full = std::mem::replace(w, csv::Writer::from_writer(Vec::new()));
            let bytes = full
                .into_inner()
                .map_err(|e| anyhow::anyhow!("writing CSV: {}", e.error()))?;
            self.ctx.out().write_all(&bytes)?;
        }
        Ok(())
    }

    fn table_row(&mut self, row: Vec<String>) -> anyhow::Result<()> {
        let row: Vec<String> = row.iter().map(|c| sanitize(c).into_owned()).collect();
        match &self.widths {
            Some(w) => write_row(&mut *self.ctx.out(), w, &row)?,
            None => {
                self.held.push(row);
                if self.held.len() >= SIZE_FROM {
                    let w = widths(&self.headers, &self.held);
                    let mut out = self.ctx.out();
                    write_row(&mut *out, &w, &self.headers)?;
                    for r in self.held.drain(..) {
                        write_row(&mut *out, &w, &r)?;
                    }
                    self.widths = Some(w);
                }
            }
        }
        Ok(())
    }

    /// Ends the output; an empty table prints `empty` as a note instead.
    pub fn finish(mut self, empty: &str) -> anyhow::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        match self.ctx.format {
            Format::Json => {
                let end: &[u8] = if self.count == 0 { b"[]\n" } else { b"\n]\n" };
                self.ctx.out().write_all(end)?;
            }
            Format::Csv => {
                if self.csv.is_none() {
                    let mut w = csv::Writer::from_writer(Vec::new());
                    w.write_record(&self.headers)?;
                    self.csv = Some(w);
                }
                self.flush_csv()?;
            }
            Format::Table if self.count == 0 => self.ctx.note(empty),
            Format::Table => {
                if self.widths.is_none() {
                    let w = widths(&self.headers, &self.held);
                    let mut out = self.ctx.out();
                    write_row(&mut *out, &w, &self.headers)?;
                    for r in &self.held {
                        write_row(&mut *out, &w, r)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Cuts `s` to at most `width` columns, ending with `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for ch in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(ch);
        w += cw;
    }
    out.push('…');
    out
}

/// Writes CSV, neutralising cells a spreadsheet would run as a formula.
pub fn write_csv(
    out: &mut impl Write,
    headers: &[&str],
    rows: &[Vec<String>],
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(headers)?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_safe(c).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

/// Prefixes a quote to cells beginning with `=`, `+`, `-`, `@`, tab or CR, so that a
/// spreadsheet shows them as text instead of evaluating them.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Prints `label: value` lines for a record's detail view (table format).
pub fn write_fields(out: &mut impl Write, fields: &[(&str, String)]) -> std::io::Result<()> {
    let w = fields.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    for (k, v) in fields {
        if v.is_empty() {
            continue;
        }
        writeln!(out, "{k:>w$}  {}", sanitize(v))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_wide_characters_and_strip_escapes() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["C-1".into(), "山田 太郎".into(), "x".into()],
            vec!["C-22".into(), "Eve\u{1b}[31m".into(), "y".into()],
        ];
        write_table(&mut out, &["ID", "NAME", "Z"], &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1b}'));
        let cols: Vec<usize> = text
            .lines()
            .map(|l| {
                l.rfind(['x', 'y', 'Z'])
                    .map(|i| l[..i].width())
                    .unwrap_or(0)
            })
            .collect();
        assert!(cols.windows(2).all(|w| w[0] == w[1]), "{text}");
    }

    #[test]
    fn csv_cells_cannot_become_formulas() {
        assert_eq!(csv_safe("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_safe("-5"), "'-5");
        assert_eq!(csv_safe("Jane"), "Jane");
    }
}
