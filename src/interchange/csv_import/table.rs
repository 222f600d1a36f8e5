//! Reading decoded CSV text into a header and rows that remember their line numbers:
//! the delimiter is sniffed (`,`, `;` from a European Excel, tab, `|`, or an Excel
//! `sep=` first line), quoted fields may hold delimiters, newlines and doubled quotes,
//! CRLF and LF both end lines. Files that are not CSV get an error naming the line.
//! Rows come all at once ([`parse`]) or a chunk at a time ([`Reader`]).

use std::path::Path;

use crate::interchange::error::{InterchangeError, Result, RowError};

/// The longest row accepted, in bytes: far above any real export, far below a runaway.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on (the header is line 1, or 2 after a `sep=` line).
    pub line: u64,
    /// Its cells, as many as the file has (the mapping treats missing ones as empty).
    pub cells: RowCells,
}

/// A row's cells as read: their text end to end and where each ends (two allocations a
/// row, not one a cell).
#[derive(Debug, Clone, Default)]
pub struct RowCells {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl RowCells {
    /// The cells of a record just read (a row is at most [`MAX_ROW_BYTES`] long).
    fn of(record: &csv::StringRecord) -> Self {
        let ends = (0..record.len())
            .filter_map(|i| record.range(i))
            .map(|r| u32::try_from(r.end).unwrap_or(u32::MAX))
            .collect();
        RowCells {
            text: record.as_slice().into(),
            ends,
        }
    }

    /// Cell `i`, without the quote an export put before a formula-like value.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)? as usize,
        };
        self.text.get(start..end).map(unneutralise)
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Two rows are the same when every cell reads the same.
impl PartialEq for RowCells {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && (0..self.len()).all(|i| self.get(i) == other.get(i))
    }
}

impl Eq for RowCells {}

/// A parsed CSV file.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column names, trimmed.
    pub headers: Vec<String>,
    /// Data rows, blank rows and report footers left out.
    pub rows: Vec<Row>,
    /// The delimiter used.
    pub delimiter: u8,
    /// Rows that are broken as a whole (a truncated last row).
    pub broken: Vec<RowError>,
    /// Footer lines of a report (Salesforce's "Grand Totals", copyright) left out.
    pub footer_lines: usize,
}

/// Parses `text` (already decoded) read from `path`.
pub fn parse(path: &Path, text: &str) -> Result<Table> {
    let mut reader = Reader::open(path, text)?;
    let mut rows = Vec::new();
    loop {
        let chunk = reader.chunk(usize::MAX)?;
        if chunk.is_empty() {
            break;
        }
        rows.extend(chunk);
    }
    Ok(Table {
        headers: reader.headers,
        rows,
        delimiter: reader.delimiter,
        broken: reader.broken,
        footer_lines: reader.footer_lines,
    })
}

/// Reads decoded CSV text a chunk of rows at a time, so that rows can be converted while
/// the rest are read; [`parse`] reads them all at once.
pub struct Reader<'t> {
    path: &'t Path,
    text: &'t str,
    csv: csv::Reader<&'t [u8]>,
    record: csv::StringRecord,
    lines: Lines<'t>,
    first_line: u64,
    /// The delimiter used.
    pub delimiter: u8,
    /// Column names, trimmed.
    pub headers: Vec<String>,
    /// Single-cell rows held back: at the end of a report they are its footer.
    single: Vec<Row>,
    /// The last row read, held back until another comes: at the end it may be cut off.
    last: Option<Row>,
    /// Rows that are broken as a whole (a truncated last row), known at the end.
    pub broken: Vec<RowError>,
    /// Footer lines of a report left out, known at the end.
    pub footer_lines: usize,
}

impl<'t> Reader<'t> {
    /// Opens `text` read from `path` and reads its header (the first row not blank).
    pub fn open(path: &'t Path, text: &'t str) -> Result<Self> {
        let (text, first_line, explicit) = strip_sep_line(text);
        let delimiter = explicit.unwrap_or_else(|| sniff(text));
        check_quotes(path, text, first_line, delimiter)?;
        let csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut reader = Reader {
            path,
            text,
            csv,
            record: csv::StringRecord::new(),
            lines: Lines {
                text: text.as_bytes(),
                at: 0,
                line: first_line,
            },
            first_line,
            delimiter,
            headers: Vec::new(),
            single: Vec::new(),
            last: None,
            broken: Vec::new(),
            footer_lines: 0,
        };
        while reader.read()?.is_some() {
            if !reader.blank() {
                reader.headers = reader.record.iter().map(|h| h.trim().to_string()).collect();
                break;
            }
        }
        Ok(reader)
    }

    /// The next data rows, about `n` of them (blank rows and footers left out); empty
    /// once all have been read.
    pub fn chunk(&mut self, n: usize) -> Result<Vec<Row>> {
        let mut out = Vec::new();
        while out.len() < n {
            let Some(line) = self.read()? else {
                self.end(&mut out);
                break;
            };
            if self.blank() {
                continue;
            }
            let row = Row {
                line,
                cells: RowCells::of(&self.record),
            };
            if self.record.len() == 1 && self.headers.len() > 1 {
                self.single.push(row);
                continue;
            }
            out.extend(self.last.replace(row));
            // Single-cell rows followed by a row are data after all.
            out.append(&mut self.single);
        }
        Ok(out)
    }

    /// At the end of the text: the held-back single-cell rows are a footer, and the last
    /// row is dropped as broken when the file ends mid-way through it.
    fn end(&mut self, out: &mut Vec<Row>) {
        // (Asked again after the end, nothing is held back any more.)
        self.footer_lines += std::mem::take(&mut self.single).len();
        let Some(last) = self.last.take() else {
            return;
        };
        let columns = self.headers.len();
        if self.text.ends_with('\n') || last.cells.len() >= columns {
            out.push(last);
            return;
        }
        self.broken.push(RowError::row(
            last.line,
            format!(
                "this row has {} of {columns} columns and the file ends mid-line, so it looks truncated; export the file again",
                last.cells.len()
            ),
        ));
    }

    /// Whether the record read is blank.
    fn blank(&self) -> bool {
        self.record.iter().all(|c| c.trim().is_empty())
    }

    /// Reads the next record; its line, or `None` at the end of the text.
    fn read(&mut self) -> Result<Option<u64>> {
        match self.csv.read_record(&mut self.record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0) + self.first_line - 1;
                return Err(InterchangeError::Malformed {
                    path: self.path.to_path_buf(),
                    line,
                    detail: e.to_string(),
                });
            }
        }
        let line = self.lines.of(self
            .record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX)));
        let len = self.record.as_slice().len();
        if len > MAX_ROW_BYTES {
            return Err(InterchangeError::RowTooLong {
                path: self.path.to_path_buf(),
                line,
                len,
                limit: MAX_ROW_BYTES,
            });
        }
        Ok(Some(line))
    }
}

/// Undoes the quote an export put before a cell starting with `=`, `+`, `-`, `@`, tab
/// or CR (formula neutralisation), so "'+49 30 1234" imports as "+49 30 1234".
fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Line numbers of records read in order, counted from their byte offsets: the csv
/// reader's own line count puts a record after a CRLF on the line before.
struct Lines<'t> {
    text: &'t [u8],
    /// Where counting stopped, and the line there.
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of the record that starts at `byte` (or after the line ends there).
    fn of(&mut self, byte: usize) -> u64 {
        let mut start = byte.clamp(self.at, self.text.len());
        while let Some(b'\r' | b'\n') = self.text.get(start) {
            start += 1;
        }
        let passed = self.text.get(self.at..start).unwrap_or_default();
        self.line += passed.iter().filter(|&&b| b == b'\n').count() as u64;
        self.at = start;
        self.line
    }
}

/// Excel may write `sep=;` as the first line; returns the rest, its first line number
/// and the delimiter it names.
fn strip_sep_line(text: &str) -> (&str, u64, Option<u8>) {
    let first = text.lines().next().unwrap_or("");
    if let Some(sep) = first.trim_end().strip_prefix("sep=")
        && let [d] = sep.as_bytes()
        && d.is_ascii()
    {
        let rest = text.split_once('\n').map(|(_, r)| r).unwrap_or("");
        return (rest, 2, Some(*d));
    }
    (text, 1, None)
}

/// The most frequent of `,` `;` tab `|` outside quotes on the header line; `,` on a tie.
fn sniff(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in text.bytes().take(64 * 1024) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|c| *c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..candidates.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Finds a quoted field that never closes (the reader would swallow the rest of the file
/// into it): quotes open only at the start of a field; `""` inside is a literal quote.
fn check_quotes(path: &Path, text: &str, first_line: u64, delimiter: u8) -> Result<()> {
    let mut line = first_line;
    let mut opened_on = 0;
    let mut quoted = false;
    let mut field_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if field_start => {
                quoted = true;
                opened_on = line;
                field_start = false;
            }
            b'\n' | b'\r' => field_start = true,
            _ if b == delimiter => field_start = true,
            _ => field_start = false,
        }
    }
    if quoted {
        return Err(InterchangeError::Unterminated {
            path: path.to_path_buf(),
            line: opened_on,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.csv")
    }

    #[test]
    fn semicolons_quotes_crlf_and_footers() {
        let t = parse(
            p(),
            "Name;Notes\r\n\"Doe; Jane\";\"two\r\nlines \"\"quoted\"\"\"\r\n\r\n\"Grand Totals (1 records)\"\r\n",
        )
        .unwrap();
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.headers, ["Name", "Notes"]);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells.get(1), Some("two\r\nlines \"quoted\""));
        assert_eq!(t.footer_lines, 1);
        let t = parse(p(), "sep=;\nA;B\n1;2\n").unwrap();
        assert_eq!((t.rows[0].line, t.rows[0].cells.len()), (3, 2));
        // A row's line counts the lines of a quoted cell before it and blank lines,
        // whether lines end in CRLF or LF.
        for end in ["\r\n", "\n"] {
            let text = ["A,B", "1,\"two", "lines\"", "", "3,4", "5,6"].join(end);
            let t = parse(p(), &text).unwrap();
            let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 5, 6], "{end:?}");
        }
    }

    #[test]
    fn cells_read_as_written_less_a_formula_guard() {
        let t = parse(
            p(),
            "A,B,C,D\n'+49 30,'x,,\"a,b\"\n'=1,'x,,\"a,b\"\n'=1,'x,,\"a,b\"\n",
        )
        .unwrap();
        let cells = &t.rows[0].cells;
        let read: Vec<Option<&str>> = (0..5).map(|i| cells.get(i)).collect();
        assert_eq!(
            read,
            [Some("+49 30"), Some("'x"), Some(""), Some("a,b"), None]
        );
        assert_eq!(cells.len(), 4);
        assert_ne!(t.rows[0].cells, t.rows[1].cells);
        assert_eq!(t.rows[1].cells, t.rows[2].cells);
    }

    #[test]
    fn truncation_is_named() {
        let err = parse(p(), "A,B\n1,\"open\n").unwrap_err();
        assert!(
            matches!(err, InterchangeError::Unterminated { line: 2, .. }),
            "{err}"
        );
        let t = parse(p(), "A,B,C\n1,2,3\n4,5").unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.broken[0].line, 3);
    }
}
