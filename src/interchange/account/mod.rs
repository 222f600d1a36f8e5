//! Moving a whole account from another CRM: `rolo import pipedrive DIR` (likewise
//! `hubspot`, `salesforce`) finds the product's export files in a folder, works out what
//! each holds ([`classify`]), and imports them in dependency order — organisations,
//! people, deals, then activities, notes and tasks, so every row finds what it links to
//! — in ONE write transaction: the migration is one change-log entry that one
//! `rolo undo` reverts. Each file is read and checked before anything is written; an
//! invalid row anywhere refuses the whole migration unless invalid rows are skipped.

pub mod classify;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use classify::{Holds, Product};

use super::csv_import::{self, CsvOptions, ImportReport, apply, decode};
use super::error::{InterchangeError, Result};
use crate::model::Currency;
use crate::store::Store;

/// How to import an account.
#[derive(Debug, Clone)]
pub struct AccountOptions {
    /// Whose export the folder holds.
    pub product: Product,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
    /// Import the valid rows and report the others, instead of importing nothing.
    pub skip_invalid: bool,
    /// The currency of amounts that name none.
    pub currency: Currency,
    /// `--map-stage`: source stage → stage ("Old=New").
    pub map_stage: Vec<String>,
    /// `--map-owner`: name in the files → user ("Jane Seller=jane").
    pub map_owner: Vec<String>,
}

/// One file of the folder and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file's name.
    pub file: String,
    /// What the product calls its rows ("persons").
    pub holds: &'static str,
    /// The import of its rows.
    pub report: ImportReport,
}

/// What an account import did (or would do).
#[derive(Debug, Clone, Serialize)]
pub struct AccountReport {
    /// The product.
    pub product: &'static str,
    /// Each file imported, in the order it was imported.
    pub files: Vec<FileReport>,
    /// CSV files of the folder that hold nothing rolo recognised, with the reason.
    pub not_imported: Vec<(String, String)>,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The revision after the import (none in a dry run or when nothing changed).
    pub revision: Option<u64>,
}

/// A file left out, and why.
type Left = (String, String);

/// A file found in the folder, to import as `holds`.
struct Found {
    path: PathBuf,
    name: String,
    holds: Holds,
}

/// Imports the export files of `opts.product` in `dir`. `progress(done, total)` counts
/// rows over all files.
pub fn import_account(
    store: &Store,
    dir: &Path,
    opts: &AccountOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<AccountReport> {
    let owner_map = csv_import::owners::parse(&opts.map_owner)?;
    let stage_map = csv_import::pipelines::plan::parse_stage_map(&opts.map_stage).map_err(|b| {
        InterchangeError::BadMap {
            option: "--map-stage",
            spec: b.spec,
            reason: b.reason,
        }
    })?;
    let (found, mut not_imported) = scan(dir, opts.product)?;
    let mut prepared = Vec::new();
    for f in found {
        let bytes = std::fs::read(&f.path).map_err(|source| InterchangeError::Io {
            path: f.path.clone(),
            source,
        })?;
        let csv = CsvOptions {
            from: Some(opts.product.source()),
            dry_run: opts.dry_run,
            skip_invalid: opts.skip_invalid,
            currency: opts.currency,
            ..CsvOptions::new(f.holds.kind)
        };
        match csv_import::prepare(&f.path, &bytes, &csv) {
            Ok(p) => prepared.push((f, p)),
            // A file whose columns mean nothing to rolo is listed, not fatal.
            Err(e @ InterchangeError::NoMatchingColumns { .. }) => {
                not_imported.push((f.name, e.to_string()));
            }
            Err(e) => return Err(e),
        }
    }
    if prepared.is_empty() {
        return Err(InterchangeError::NoExports {
            dir: dir.to_path_buf(),
            product: opts.product.name(),
            looked: describe_missing(&not_imported, opts.product),
        });
    }
    let total: u64 = prepared.iter().map(|(_, p)| p.drafts.len() as u64).sum();
    let mut files: Vec<FileReport> = Vec::new();
    let mut abort = false;
    let op = format!("import.{}", opts.product.name().to_lowercase());
    let written = store.write(&op, |tx| {
        let mut done = 0u64;
        // One set of look-ups for every file: the contacts file finds the companies
        // the accounts file created (staged, not yet in the tables) by their ids.
        let mut resolver = apply::Resolver::load(tx)?;
        for (f, p) in prepared {
            let rows = p.drafts.len() as u64;
            let mut report = p.report;
            let ctx = apply::Context {
                kind: f.holds.kind,
                mapping: &p.mapping,
                headers: &p.headers,
                per_record: false,
                pipeline: None,
                stage_map: &stage_map,
                owner_map: &owner_map,
            };
            apply::apply_with(tx, &ctx, &mut resolver, p.drafts, &mut report, &mut |n| {
                progress(done + n, total)
            })?;
            done += rows;
            files.push(FileReport {
                file: f.name,
                holds: f.holds.what,
                report,
            });
        }
        progress(total, total);
        let created: usize = files.iter().map(|f| f.report.created.len()).sum();
        let matched: usize = files.iter().map(|f| f.report.matched.len()).sum();
        tx.describe(format!(
            "imported a {} account from {} ({created} created, {matched} matched)",
            opts.product.name(),
            dir.display()
        ));
        let skipped = files.iter().any(|f| !f.report.skipped.is_empty());
        abort = opts.dry_run || (skipped && !opts.skip_invalid);
        if abort {
            // An error makes the store drop the transaction: nothing is written.
            return Err(crate::Error::Conflict("import not committed".into()));
        }
        Ok(())
    });
    let revision = match written {
        Ok(c) => c.changed.then_some(c.rev),
        Err(_) if abort && opts.dry_run => None,
        Err(_) if abort => {
            return Err(InterchangeError::InvalidFiles {
                dir: dir.to_path_buf(),
                files: files
                    .into_iter()
                    .filter(|f| !f.report.skipped.is_empty())
                    .map(|f| {
                        let mut rows = f.report.skipped;
                        rows.sort_by_key(|r| r.line);
                        (f.file, rows)
                    })
                    .collect(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    for f in &mut files {
        f.report.dry_run = opts.dry_run;
        f.report.revision = revision;
    }
    Ok(AccountReport {
        product: opts.product.name(),
        files,
        not_imported,
        dry_run: opts.dry_run,
        revision,
    })
}

/// The CSV files of `dir` that `product` exported, in the order to import them, and
/// the others with the reason they are left out.
fn scan(dir: &Path, product: Product) -> Result<(Vec<Found>, Vec<Left>)> {
    let io = |source| InterchangeError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    paths.sort();
    let mut found = Vec::new();
    let mut left = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let header = match header_of(&path) {
            Ok(h) => h,
            Err(e) => {
                left.push((name, e.to_string()));
                continue;
            }
        };
        match classify::classify(product, &name, &header) {
            Some(holds) => found.push(Found { path, name, holds }),
            None => left.push((
                name,
                format!("its columns are not those of a {} export", product.name()),
            )),
        }
    }
    found.sort_by_key(|f| (order(f.holds.kind), f.name.clone()));
    Ok((found, left))
}

/// Where a kind comes in a migration: what others link to first.
fn order(kind: crate::interchange::ImportKind) -> u8 {
    use crate::interchange::ImportKind::*;
    match kind {
        Companies => 0,
        Contacts => 1,
        Deals => 2,
        Activities => 3,
        Tasks => 4,
    }
}

/// The header of a CSV file (its first line, split at the delimiter the file uses).
fn header_of(path: &Path) -> Result<Vec<String>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .map_err(|source| InterchangeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let text = decode::decode(path, &head)?.text;
    let line = text.lines().next().unwrap_or_default();
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| line.matches(*d).count())
        .unwrap_or(',');
    Ok(line
        .split(delimiter)
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect())
}

/// For the "no export files" message: what the folder held instead.
fn describe_missing(left: &[(String, String)], product: Product) -> String {
    if left.is_empty() {
        return format!(
            "looked for {}; the folder has no CSV files",
            product.files()
        );
    }
    let names: Vec<&str> = left.iter().map(|(n, _)| n.as_str()).take(5).collect();
    format!(
        "looked for {}; {} CSV file(s) here are not: {}",
        product.files(),
        left.len(),
        names.join(", ")
    )
}
