//! Errors of imports, exports and backups. Each names the file, and where it applies the
//! line, column and value, and says what to do. Row-level problems are [`RowError`]s,
//! collected so that one message lists every bad row of a file.

use std::fmt;
use std::path::PathBuf;

/// How many bad rows one error message lists before "and N more".
const ROWS_SHOWN: usize = 20;

/// One row that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// The line in the file where the row starts (1-based; the header is line 1).
    pub line: u64,
    /// The column whose value is wrong, when one is.
    pub column: Option<String>,
    /// The value, shortened for display.
    pub value: Option<String>,
    /// What is wrong and what is accepted.
    pub reason: String,
}

impl RowError {
    /// A problem with the row as a whole.
    pub fn row(line: u64, reason: impl Into<String>) -> Self {
        RowError {
            line,
            column: None,
            value: None,
            reason: reason.into(),
        }
    }

    /// A problem with one cell.
    pub fn cell(line: u64, column: &str, value: &str, reason: impl Into<String>) -> Self {
        RowError {
            line,
            column: Some(column.to_string()),
            value: Some(shorten(value, 60)),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column \"{c}\"")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value \"{v}\"")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Cuts hostile or huge input to at most `max` characters for messages.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// "persons.csv: line 4 ...; deals.csv: line 9 ..." for a message, at most
/// [`ROWS_SHOWN`] rows in all.
fn list_files(files: &[(String, Vec<RowError>)]) -> String {
    let mut parts = Vec::new();
    let mut shown = 0;
    let total: usize = files.iter().map(|f| f.1.len()).sum();
    for (file, rows) in files {
        for r in rows {
            if shown == ROWS_SHOWN {
                parts.push(format!("and {} more", total - shown));
                return parts.join("; ");
            }
            parts.push(format!("{file} {r}"));
            shown += 1;
        }
    }
    parts.join("; ")
}

/// "a; b; c and 4 more" for a message.
pub fn list_rows(rows: &[RowError]) -> String {
    let mut s = rows
        .iter()
        .take(ROWS_SHOWN)
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    if rows.len() > ROWS_SHOWN {
        s.push_str(&format!("; and {} more", rows.len() - ROWS_SHOWN));
    }
    s
}

/// What went wrong while importing, exporting or backing up.
#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    /// The file could not be read or written.
    #[error("{}: {source}; check the path and its permissions", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file holds no data at all.
    #[error("{}: the file is empty; export the data again and check the file was saved", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds binary data, not text.
    #[error(
        "{}: this is a binary file, not CSV (NUL byte at offset {offset}); save or export it as CSV (comma-separated values) and try again",
        path.display()
    )]
    Binary {
        /// The file.
        path: PathBuf,
        /// Where the first NUL byte is.
        offset: usize,
    },
    /// A record is longer than any sane CSV row.
    #[error(
        "{}: line {line} holds a row of {len} bytes (the limit is {limit}); this is not a CSV export, or a quote opened on that line is never closed",
        path.display()
    )]
    RowTooLong {
        /// The file.
        path: PathBuf,
        /// Where the row starts.
        line: u64,
        /// Its length in bytes.
        len: usize,
        /// The most rolo accepts.
        limit: usize,
    },
    /// A quoted field runs to the end of the file.
    #[error(
        "{}: line {line}: a quoted field that starts here is never closed, so the file looks truncated; export it again",
        path.display()
    )]
    Unterminated {
        /// The file.
        path: PathBuf,
        /// Where the quote opened.
        line: u64,
    },
    /// The CSV reader gave up on a line.
    #[error("{}: line {line}: {detail}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// Where.
        line: u64,
        /// The reader's description.
        detail: String,
    },
    /// No column of the header names a rolo field.
    #[error(
        "{}: no column matches a rolo {kind} field. Columns in the file: {columns}. rolo's {kind} fields: {fields}. Name the columns with --map \"Column=field,...\"",
        path.display()
    )]
    NoMatchingColumns {
        /// The file.
        path: PathBuf,
        /// The record kind imported.
        kind: &'static str,
        /// The file's header, listed.
        columns: String,
        /// The fields rolo accepts for that kind.
        fields: String,
    },
    /// A required field has no column.
    #[error(
        "{}: no column gives the {kind}'s {field} (columns: {columns}); name one with --map \"Column={field}\"",
        path.display()
    )]
    MissingField {
        /// The file.
        path: PathBuf,
        /// The record kind imported.
        kind: &'static str,
        /// The rolo field needed.
        field: &'static str,
        /// The file's header, listed.
        columns: String,
    },
    /// `--map` (or `--map-stage`, `--map-owner`) could not be understood or followed.
    #[error("{option} \"{spec}\": {reason}")]
    BadMap {
        /// The option (`--map`).
        option: &'static str,
        /// The part of the option at fault.
        spec: String,
        /// What is wrong and what is accepted.
        reason: String,
    },
    /// Some rows are invalid, so nothing was imported.
    #[error(
        "{}: {} invalid row(s), nothing was imported: {}. Fix these rows, or pass --skip-invalid to import the others",
        path.display(), rows.len(), list_rows(rows)
    )]
    InvalidRows {
        /// The file.
        path: PathBuf,
        /// Every bad row.
        rows: Vec<RowError>,
    },
    /// A folder holds none of the export files of the product named.
    #[error(
        "{}: no {product} export files found here ({looked}); export the account from {product} as CSV files into this folder, or import single files with `rolo import csv FILE --as KIND`",
        dir.display()
    )]
    NoExports {
        /// The folder.
        dir: PathBuf,
        /// The product ("Pipedrive").
        product: &'static str,
        /// What was looked at, and what was found instead.
        looked: String,
    },
    /// Rows of an account's files are invalid, so nothing was imported.
    #[error(
        "{}: {} invalid row(s), nothing was imported: {}. Fix these rows, or pass --skip-invalid to import the others",
        dir.display(), files.iter().map(|f| f.1.len()).sum::<usize>(), list_files(files)
    )]
    InvalidFiles {
        /// The folder.
        dir: PathBuf,
        /// Each file with bad rows, and its bad rows.
        files: Vec<(String, Vec<RowError>)>,
    },
    /// A JSON file that is not a rolo backup.
    #[error("{}: not a rolo backup ({detail}); `rolo export json` writes one", path.display())]
    NotBackup {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        detail: String,
    },
    /// A backup from a newer rolo.
    #[error("{}: backup format version {found} is newer than this rolo reads (up to {supported}); upgrade rolo", path.display())]
    BackupTooNew {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u32,
        /// The newest this build reads.
        supported: u32,
    },
    /// A record of a backup failed validation.
    #[error("{}: {record}: {reason}; nothing was imported", path.display())]
    BadRecord {
        /// The file.
        path: PathBuf,
        /// The record (`C-12`).
        record: String,
        /// What is wrong.
        reason: String,
    },
    /// A backup is only restored into an empty database.
    #[error(
        "{} already holds {what}; a backup is restored into a new, empty database: rolo --db NEW.redb import json FILE",
        path.display()
    )]
    NotEmpty {
        /// The database.
        path: PathBuf,
        /// What it holds.
        what: String,
    },
    /// The target file exists.
    #[error("{} already exists; pass --force to replace it", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// Exporting every kind as CSV needs a folder.
    #[error(
        "a CSV export of every kind writes one file per kind: give a folder with --out DIR, or pick one kind with --kind"
    )]
    CsvNeedsFolder,
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] crate::Error),
}

/// Shorthand for results carrying [`InterchangeError`].
pub type Result<T, E = InterchangeError> = std::result::Result<T, E>;
