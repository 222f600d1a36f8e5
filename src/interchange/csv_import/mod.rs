//! CSV import: `rolo import csv FILE --as KIND`. The file is decoded ([`decode`]),
//! parsed ([`table`]), its columns mapped to rolo fields ([`mapping`], [`headers`]),
//! each row read into a draft ([`convert`], a large file's rows on every core a chunk at
//! a time while the rest are read) and the drafts written through the ops
//! layer in ONE write transaction ([`apply`]), so an import is one change-log entry
//! that `rolo undo` reverts whole. Any invalid row aborts the import (nothing written)
//! unless invalid rows are to be skipped; a dry run does everything but commit.

pub mod apply;
pub mod convert;
pub mod decode;
pub mod field;
pub mod headers;
pub mod mapping;
pub mod owners;
pub mod pipelines;
pub mod report;
pub mod source_ids;
pub mod table;
pub mod values;

use std::collections::BTreeSet;
use std::path::Path;

use crate::interchange::error::{InterchangeError, Result, RowError};
use crate::interchange::kind::ImportKind;
use crate::model::Currency;
use crate::store::Store;

pub use report::{ImportReport, Outcome};

/// How to import a CSV file.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// What the rows are.
    pub kind: ImportKind,
    /// `--map "Column=field,..."`.
    pub map: Option<String>,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
    /// Import the valid rows and report the others, instead of importing nothing.
    pub skip_invalid: bool,
    /// The currency of amounts that name none.
    pub currency: Currency,
    /// Write each record as it is created instead of in bulk at commit (same result,
    /// slower; the reference the bulk path is tested against).
    pub per_record: bool,
    /// `--pipeline NAME`: every deal goes to this pipeline (created if missing).
    pub pipeline: Option<String>,
    /// `--map-stage "Old=New,..."` (each given value may hold several).
    pub map_stage: Vec<String>,
    /// `--map-owner "Name=user,..."`.
    pub map_owner: Vec<String>,
    /// The product the file comes from, when the caller knows it (`rolo import
    /// salesforce DIR`); otherwise it is recognised by the file's columns, and ids are
    /// kept only from a file recognised as a product's.
    pub from: Option<pipelines::Product>,
}

impl CsvOptions {
    /// Options for a plain, all-or-nothing import of `kind`.
    pub fn new(kind: ImportKind) -> Self {
        CsvOptions {
            kind,
            map: None,
            dry_run: false,
            skip_invalid: false,
            currency: Currency::default(),
            per_record: false,
            pipeline: None,
            map_stage: Vec::new(),
            map_owner: Vec::new(),
            from: None,
        }
    }
}

/// A file read, mapped and converted, before anything is written.
pub struct Prepared {
    /// The report so far (source, encoding, rows, rows that failed to convert).
    pub report: ImportReport,
    /// The rows that converted, with their raw cells (for error messages).
    pub drafts: Vec<(convert::DraftRow, table::RowCells)>,
    /// The header.
    pub headers: Vec<String>,
    /// The mapping.
    pub mapping: mapping::Mapping,
}

/// Reads, maps and converts `bytes` (the content of `path`); writes nothing.
pub fn prepare(path: &Path, bytes: &[u8], opts: &CsvOptions) -> Result<Prepared> {
    let decoded = decode::decode(path, bytes)?;
    let mut reader = table::Reader::open(path, &decoded.text)?;
    // The reader goes on needing them (to tell a footer or a cut-off row).
    let headers = reader.headers.clone();
    let overrides = match &opts.map {
        Some(spec) => mapping::parse_overrides(opts.kind, &headers, spec)?,
        None => Vec::new(),
    };
    let mut m = mapping::build(path, opts.kind, &headers, &overrides)?;
    if let Some(p) = opts.from
        && pipelines::Product::from_source(m.source) != Some(p)
    {
        m.source = Some(p.label());
    }
    source_ids::require_product(&mut m, &headers);
    let (mut drafts, skipped, rows) = convert_all(opts, &m, &headers, &mut reader)?;
    let mut report = ImportReport {
        kind: opts.kind.as_str(),
        source: m.source,
        encoding: decoded.encoding,
        delimiter: char::from(reader.delimiter),
        rows: rows + reader.broken.len(),
        ignored_columns: m.ignored.clone(),
        footer_lines: reader.footer_lines,
        dry_run: opts.dry_run,
        skipped: std::mem::take(&mut reader.broken),
        ..ImportReport::default()
    };
    report.skipped.extend(skipped);
    owners::apply(&owners::parse(&opts.map_owner)?, &mut drafts)?;
    let repeated = source_ids::contradictions(&mut drafts, &headers);
    report.skipped.extend(repeated);
    Ok(Prepared {
        report,
        drafts,
        headers,
        mapping: m,
    })
}

/// Rows converted: the drafts of those that convert, in file order.
type Drafts = Vec<(convert::DraftRow, table::RowCells)>;

/// Reads and converts every row, in file order: the rows that convert, the errors of
/// those that do not, and how many rows there were. A large file's rows are converted
/// on every core, a chunk at a time, while the rest are read.
fn convert_all(
    opts: &CsvOptions,
    m: &mapping::Mapping,
    headers: &[String],
    reader: &mut table::Reader<'_>,
) -> Result<(Drafts, Vec<RowError>, usize)> {
    let one = |rows: Vec<table::Row>| {
        let mut drafts = Vec::with_capacity(rows.len());
        let mut skipped = Vec::new();
        for row in rows {
            match convert::convert(opts.kind, m, headers, &row, opts.currency) {
                Ok(d) => drafts.push((d, row.cells)),
                Err(errors) => skipped.extend(errors),
            }
        }
        (drafts, skipped)
    };
    let mut rows = 0;
    let next = || {
        let chunk = reader.chunk(CHUNK)?;
        rows += chunk.len();
        Ok::<_, InterchangeError>((!chunk.is_empty()).then_some(chunk))
    };
    let converted = crate::par::map_as_read(next, 8, one)?;
    let mut drafts = Vec::with_capacity(rows);
    let mut skipped = Vec::new();
    for (d, e) in converted {
        drafts.extend(d);
        skipped.extend(e);
    }
    Ok((drafts, skipped, rows))
}

/// How many rows are converted together.
const CHUNK: usize = 2048;

/// Imports the CSV file at `path` into `store`. `progress(done, total)` is called as
/// rows are written.
pub fn import_csv(
    store: &Store,
    path: &Path,
    opts: &CsvOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let bytes = std::fs::read(path).map_err(|source| InterchangeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let p = prepare(path, &bytes, opts)?;
    let mut report = p.report;
    if !report.skipped.is_empty() && !opts.skip_invalid && !opts.dry_run {
        return Err(invalid(path, report.skipped));
    }
    let owner_map = owners::parse(&opts.map_owner)?;
    let stage_map = pipelines::plan::parse_stage_map(&opts.map_stage).map_err(bad_stage_map)?;
    let total = p.drafts.len() as u64;
    let ctx = apply::Context {
        kind: opts.kind,
        mapping: &p.mapping,
        headers: &p.headers,
        per_record: opts.per_record,
        pipeline: opts.pipeline.as_deref(),
        stage_map: &stage_map,
        owner_map: &owner_map,
    };
    if opts.kind == ImportKind::Deals {
        // A --map-stage that cannot be followed is the command's mistake, not a row's:
        // refuse it before anything is written (the plan is made again, for real, in
        // the write transaction).
        let existing = crate::store::Queries::pipelines(&store.read()?)?;
        ctx.planner(&existing)
            .plan(&apply::deal_refs(&p.drafts))
            .map_err(bad_stage_map)?;
    } else if !stage_map.is_empty() || opts.pipeline.is_some() {
        return Err(InterchangeError::BadMap {
            option: "--map-stage",
            spec: opts.map_stage.join(","),
            reason: "stages and pipelines apply to deals; import with --as deals".into(),
        });
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut abort = false;
    let written = store.write(&format!("import.csv.{}", opts.kind.as_str()), |tx| {
        apply::apply_all(tx, &ctx, p.drafts, &mut report, &mut |n| progress(n, total))?;
        progress(total, total);
        tx.describe(format!(
            "imported {} {} from {file} ({} created, {} matched)",
            report.created.len() + report.matched.len(),
            opts.kind.as_str(),
            report.created.len(),
            report.matched.len()
        ));
        abort = opts.dry_run || (!report.skipped.is_empty() && !opts.skip_invalid);
        if abort {
            // Returning an error makes the store drop the transaction: nothing is written.
            return Err(crate::Error::Conflict("import not committed".into()));
        }
        Ok(())
    });
    match written {
        Ok(c) => {
            report.revision = c.changed.then_some(c.rev);
            Ok(report)
        }
        Err(_) if abort && opts.dry_run => Ok(report),
        Err(_) if abort => Err(invalid(path, report.skipped)),
        Err(e) => Err(e.into()),
    }
}

fn bad_stage_map(b: pipelines::BadStageMap) -> InterchangeError {
    InterchangeError::BadMap {
        option: "--map-stage",
        spec: b.spec,
        reason: b.reason,
    }
}

fn invalid(path: &Path, mut rows: Vec<RowError>) -> InterchangeError {
    rows.sort_by_key(|r| r.line);
    InterchangeError::InvalidRows {
        path: path.to_path_buf(),
        rows,
    }
}

/// How many distinct rows have problems.
pub fn rows_with_problems(errors: &[RowError]) -> usize {
    errors.iter().map(|e| e.line).collect::<BTreeSet<_>>().len()
}
