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

    /// Prints in the context's format; an empty table prints `empty` as a note instead.
    pub fn print(&self, ctx: &super::Ctx, empty: &str) -> anyhow::Result<()> {
        if ctx.format == Format::Table && self.rows.is_empty() {
            ctx.note(empty);
            return Ok(());
        }
        let mut out = ctx.out();
        match ctx.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut *out, &self.json)?;
                writeln!(out)?;
            }
            Format::Csv => write_csv(&mut *out, &self.headers, &self.rows)?,
            Format::Table => write_table(&mut *out, &self.headers, &self.rows)?,
        }
        Ok(())
    }
}

/// Writes aligned columns; the last column is not padded.
pub fn write_table(
    out: &mut impl Write,
    headers: &[&str],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let clean: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for r in &clean {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.width().min(48));
            }
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let n = cells.len();
        let mut s = String::new();
        for (i, c) in cells.into_iter().enumerate() {
            let c = truncate(c, widths[i]);
            s.push_str(&c);
            if i + 1 < n {
                s.push_str(&" ".repeat(widths[i].saturating_sub(c.width()) + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(headers.to_vec()))?;
    for r in &clean {
        writeln!(out, "{}", line(r.iter().map(String::as_str).collect()))?;
    }
    Ok(())
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
