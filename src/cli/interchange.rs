//! `rolo import`, `rolo export` and `rolo backup`: argument parsing and printing around
//! [`crate::interchange`]. A progress bar goes to stderr when it is a terminal and the
//! file is large; reports go to stdout (as JSON with `--json`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand};

use super::Ctx;
use super::output::Format;
use crate::interchange::backup::{self, BackupDoc};
use crate::interchange::csv_import::{self, CsvOptions, ImportReport};
use crate::interchange::error::InterchangeError;
use crate::interchange::{ExportKind, ImportKind, export};
use crate::model::text::sanitize;

/// Rows from which an import shows a progress bar.
const PROGRESS_FROM: u64 = 5_000;

/// `rolo import ...`.
#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import records from a CSV file (HubSpot, Pipedrive, Salesforce, Google, Outlook
    /// exports are recognised).
    Csv(ImportCsvArgs),
    /// Restore a JSON backup (`rolo export json`) into an empty database.
    Json(ImportJsonArgs),
}

/// `rolo import csv FILE --as KIND`.
#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// What the rows are.
    #[arg(long = "as", value_name = "KIND",
          value_parser = ["contacts", "companies", "deals", "activities", "tasks"])]
    pub kind: String,
    /// Name columns the import does not recognise: "Column=field,Other=field".
    #[arg(long, value_name = "COLUMN=FIELD,...")]
    pub map: Option<String>,
    /// Show what would be created, matched and skipped; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows and list the invalid ones (default: import nothing if any
    /// row is invalid).
    #[arg(long)]
    pub skip_invalid: bool,
}

/// `rolo import json FILE`.
#[derive(Debug, Args)]
pub struct ImportJsonArgs {
    /// A backup written by `rolo export json`.
    pub file: PathBuf,
}

/// `rolo export ...`.
#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// CSV with a header row (one file per kind for --kind all).
    Csv(ExportArgs),
    /// The JSON backup document (`rolo import json` restores it).
    Json(ExportArgs),
}

/// What to export and where.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which records.
    #[arg(long, default_value = "all",
          value_parser = ["contacts", "companies", "deals", "activities", "tasks", "pipelines", "rules", "all"])]
    pub kind: String,
    /// The file (a folder for CSV of all kinds); stdout when not given.
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `rolo backup FILE`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new database file.
    pub file: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `rolo import ...`.
pub fn import(ctx: &Ctx, cmd: ImportCmd) -> anyhow::Result<()> {
    match cmd {
        ImportCmd::Csv(a) => import_csv(ctx, a),
        ImportCmd::Json(a) => {
            let bytes = std::fs::read(&a.file).map_err(|source| InterchangeError::Io {
                path: a.file.clone(),
                source,
            })?;
            let doc = BackupDoc::parse(&a.file, &bytes)?;
            let r = backup::restore(ctx.store, &a.file, doc)?;
            ctx.report(
                format!("restored {} records (revision {})", r.records, r.revision),
                || serde_json::json!({"records": r.records, "revision": r.revision}),
            )
        }
    }
}

fn import_csv(ctx: &Ctx, a: ImportCsvArgs) -> anyhow::Result<()> {
    let kind = ImportKind::parse(&a.kind).context("unknown --as kind")?;
    let opts = CsvOptions {
        kind,
        map: a.map,
        dry_run: a.dry_run,
        skip_invalid: a.skip_invalid,
        currency: ctx.settings.currency(),
    };
    let bar = std::io::stderr()
        .is_terminal()
        .then(indicatif::ProgressBar::hidden);
    let mut progress = |done: u64, total: u64| {
        if let Some(b) = &bar
            && total >= PROGRESS_FROM
        {
            if b.is_hidden() {
                b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                b.set_length(total);
            }
            b.set_position(done);
        }
    };
    let result = csv_import::import_csv(ctx.store, &a.file, &opts, &mut progress);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let report = result?;
    match ctx.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        _ => print_report(&report, a.dry_run)?,
    }
    Ok(())
}

fn print_report(r: &ImportReport, dry_run: bool) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let noun = |rid: crate::model::RecordId| rid.kind.noun();
    if dry_run {
        for o in &r.companies_created {
            writeln!(
                out,
                "line {}: would create company {}",
                o.line,
                sanitize(&o.label)
            )?;
        }
        for o in &r.created {
            writeln!(
                out,
                "line {}: would create {} {}",
                o.line,
                noun(o.record),
                sanitize(&o.label)
            )?;
        }
        for o in &r.matched {
            writeln!(
                out,
                "line {}: would match {} {} ({})",
                o.line,
                o.record,
                sanitize(&o.label),
                o.note
            )?;
        }
    }
    for e in &r.skipped {
        let verb = if dry_run { "would skip" } else { "skipped" };
        writeln!(out, "{verb} {}", sanitize(&e.to_string()))?;
    }
    if !r.ignored_columns.is_empty() {
        let cols: Vec<String> = r
            .ignored_columns
            .iter()
            .map(|c| format!("\"{}\"", sanitize(c)))
            .collect();
        writeln!(out, "columns not imported: {}", cols.join(", "))?;
    }
    let mut summary = r.summary();
    if dry_run {
        summary.push_str("; dry run, nothing written");
        if !r.skipped.is_empty() {
            summary.push_str(" (without --skip-invalid this import would be refused)");
        }
    } else if let Some(rev) = r.revision {
        summary.push_str(&format!("; revision {rev} (undo with `rolo undo`)"));
    }
    writeln!(out, "{summary}")?;
    out.flush()?;
    Ok(())
}

/// Runs `rolo export csv|json`.
pub fn export(ctx: &Ctx, cmd: ExportCmd) -> anyhow::Result<()> {
    let (json, a) = match cmd {
        ExportCmd::Csv(a) => (false, a),
        ExportCmd::Json(a) => (true, a),
    };
    let kind = ExportKind::parse(&a.kind).context("unknown --kind")?;
    let snapshot = ctx.store.read()?;
    match (json, kind, &a.out) {
        (false, ExportKind::All, None) => return Err(InterchangeError::CsvNeedsFolder.into()),
        (false, ExportKind::All, Some(dir)) => {
            for (path, n) in export::csv_all(&snapshot, dir)? {
                eprintln!("wrote {n} rows to {}", path.display());
            }
        }
        (_, _, out) => {
            let target = out.clone().unwrap_or_else(|| PathBuf::from("(stdout)"));
            let mut w = writer(out.as_deref())?;
            if json {
                export::json(&snapshot, kind, &mut w, &target)?;
            } else if let ExportKind::One(k) = kind {
                export::csv(&snapshot, k, &mut w, &target)?;
            }
            w.flush()?;
        }
    }
    Ok(())
}

fn writer(out: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|source| InterchangeError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            Box::new(std::io::BufWriter::with_capacity(1 << 20, f))
        }
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        )),
    })
}

/// Runs `rolo backup FILE`.
pub fn backup(ctx: &Ctx, a: BackupArgs) -> anyhow::Result<()> {
    let s = backup::backup(ctx.store, &a.file, a.force)?;
    ctx.report(
        format!(
            "backed up {} records (revision {}) to {}; open it with rolo --db {}",
            s.records,
            s.revision,
            s.path.display(),
            s.path.display()
        ),
        || serde_json::json!({"path": s.path, "records": s.records, "revision": s.revision}),
    )
}
