//! vCard in and out. `import_vcf` reads 2.1 (quoted-printable, CHARSET=), 3.0 and 4.0
//! from one file or a folder of `.vcf` files (khard's vdir layout), and writes contacts
//! through the ops layer in one transaction: all or nothing, unless `skip_invalid`.
//! `write_vcf` exports every contact as 3.0 or 4.0. The parser is ours, small and
//! tolerant (no crate we checked reads 2.1 quoted-printable and stays robust on junk).

pub mod apply;
pub mod card;
pub mod convert;
pub mod lines;
pub mod write;

use crate::model::words::plural;
use std::path::{Path, PathBuf};

use crate::interchange::csv_import::apply::Resolver;
use crate::interchange::csv_import::report::ImportReport;
use crate::interchange::error::{InterchangeError, Result, RowError};
use crate::store::Store;

pub use write::{VcardVersion, write_vcf};

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct VcfOptions {
    /// Import the good cards and report the bad ones (default: import nothing).
    pub skip_invalid: bool,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
}

/// A card read from a file, ready to apply.
struct Parsed {
    line: u64,
    card: convert::CardContact,
}

/// The `.vcf` files to read: the file itself, or those in a folder and its
/// sub-folders (one per address book), sorted by path.
fn files(path: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| InterchangeError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).map_err(io)? {
            let p = entry.map_err(io)?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads one file's cards; bad cards go to `bad` with the file named when `named`.
fn read_file(file: &Path, named: bool, bad: &mut Vec<RowError>) -> Result<Vec<Parsed>> {
    let bytes = std::fs::read(file).map_err(|source| InterchangeError::Io {
        path: file.to_path_buf(),
        source,
    })?;
    let text = lines::read_text(file, &bytes, "a vCard file")?;
    let props = lines::properties(&text);
    let (cards, broken) = card::split_cards(props);
    if cards.is_empty() && broken.is_empty() {
        return Err(InterchangeError::Malformed {
            path: file.to_path_buf(),
            line: 1,
            detail: "no BEGIN:VCARD found: this is not a vCard file".into(),
        });
    }
    let prefix = |n: usize| {
        let name = file.file_name().map(|f| f.to_string_lossy().into_owned());
        match (named, name) {
            (true, Some(f)) => format!("{f}: card {n}"),
            _ => format!("card {n}"),
        }
    };
    for b in broken {
        bad.push(RowError::row(
            b.line,
            format!("{} {}", prefix(b.number), b.reason),
        ));
    }
    let mut out = Vec::new();
    for c in cards {
        match convert::contact(&c) {
            Ok(card) => out.push(Parsed { line: c.line, card }),
            Err(reason) => bad.push(RowError::row(
                c.line,
                format!("{} {reason}", prefix(c.number)),
            )),
        }
    }
    Ok(out)
}

/// Imports the vCard file or folder at `path`.
pub fn import_vcf(store: &Store, path: &Path, opts: VcfOptions) -> Result<ImportReport> {
    let files = files(path)?;
    let named = files.len() > 1 || path.is_dir();
    let mut report = ImportReport {
        kind: "contacts",
        source: Some("vCard"),
        encoding: "UTF-8",
        dry_run: opts.dry_run,
        ..ImportReport::default()
    };
    let mut parsed = Vec::new();
    for f in &files {
        parsed.extend(read_file(f, named, &mut report.skipped)?);
    }
    report.rows = parsed.len() + report.skipped.len();
    let invalid = |rows: Vec<RowError>| InterchangeError::InvalidRows {
        path: path.to_path_buf(),
        rows,
    };
    if !report.skipped.is_empty() && !opts.skip_invalid && !opts.dry_run {
        return Err(invalid(report.skipped));
    }
    let what = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = store.write("import.vcard", |tx| {
        let mut companies = Resolver::load(tx)?;
        for p in parsed {
            if let Err(e) = apply::apply(tx, &mut companies, &mut report, p.line, p.card) {
                match e {
                    crate::Error::Invalid { .. } | crate::Error::Conflict(_) => {
                        report.skipped.push(RowError::row(
                            p.line,
                            format!("card at line {}: {e}", p.line),
                        ))
                    }
                    other => return Err(other),
                }
            }
        }
        tx.describe(format!(
            "imported {} from {what} ({} created, {} matched)",
            plural(report.created.len() + report.matched.len(), "contact"),
            report.created.len(),
            report.matched.len()
        ));
        if opts.dry_run || (!report.skipped.is_empty() && !opts.skip_invalid) {
            // An error drops the transaction: nothing is written.
            return Err(crate::Error::Conflict("import not committed".into()));
        }
        Ok(())
    });
    match result {
        Ok(c) => {
            report.revision = c.changed.then_some(c.rev);
            Ok(report)
        }
        Err(_) if opts.dry_run => Ok(report),
        Err(_) if !report.skipped.is_empty() && !opts.skip_invalid => Err(invalid(report.skipped)),
        Err(e) => Err(e.into()),
    }
}
