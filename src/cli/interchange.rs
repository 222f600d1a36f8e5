//! `rolo import`, `rolo export` and `rolo backup`: argument parsing and printing around
//! [`crate::interchange`]. A progress bar goes to stderr when it is a terminal and the
//! file is large; reports go to stdout (as JSON with `--json`).

use crate::model::words::plural;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Args, Subcommand};

use super::Ctx;
use super::output::Format;
use crate::interchange::account::Product;
use crate::interchange::backup::{self, BackupDoc};
use crate::interchange::csv_import::{self, CsvOptions};
use crate::interchange::error::InterchangeError;
use crate::interchange::{ExportKind, ImportKind, email, export, ics, vcard};
use crate::model::text::sanitize;

/// `rolo import ...`.
#[derive(Debug, Subcommand)]
pub enum ImportCmd {
    /// Import records from a CSV file (HubSpot, Pipedrive, Salesforce, Google, Outlook
    /// exports are recognised).
    Csv(ImportCsvArgs),
    /// Restore a JSON backup (`rolo export json`) into an empty database.
    Json(ImportJsonArgs),
    /// Import contacts from a vCard file (2.1, 3.0, 4.0) or a folder of .vcf files.
    Vcf(ImportVcfArgs),
    /// Log a calendar's events as meetings on the contacts they invite.
    Ics(ImportIcsArgs),
    /// Log every message of an mbox file as an email activity.
    Mbox(ImportMailArgs),
    /// Log every message of a Maildir (cur/ and new/) as an email activity.
    Maildir(ImportMailArgs),
    /// Move a whole Pipedrive account: the organizations, persons, deals, activities
    /// and notes CSV files of a folder, as one change.
    Pipedrive(super::account::AccountArgs),
    /// Move a whole HubSpot account: the companies, contacts, deals, calls, notes,
    /// meetings and tasks CSV files of a folder, as one change.
    Hubspot(super::account::AccountArgs),
    /// Move a whole Salesforce org: the Account, Contact, Lead, Opportunity, Task and
    /// Event CSV files of a folder, as one change.
    Salesforce(super::account::AccountArgs),
}

/// `rolo import vcf FILE|DIR`.
#[derive(Debug, Args)]
pub struct ImportVcfArgs {
    /// A .vcf file, or a folder of them (khard's vdir layout).
    pub path: PathBuf,
    /// Show what would be created and matched; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid cards and list the invalid ones (default: import nothing if any
    /// card is invalid).
    #[arg(long)]
    pub skip_invalid: bool,
}

/// `rolo import ics FILE`.
#[derive(Debug, Args)]
pub struct ImportIcsArgs {
    /// An iCalendar (.ics) file.
    pub file: PathBuf,
    /// Show what would be logged; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Log the valid events and list the invalid ones (an unknown time zone...).
    #[arg(long)]
    pub skip_invalid: bool,
}

/// `rolo import mbox FILE` and `rolo import maildir DIR`.
#[derive(Debug, Args)]
pub struct ImportMailArgs {
    /// The mbox file or Maildir folder.
    pub path: PathBuf,
    /// Create contacts for unknown senders and recipients.
    #[arg(long)]
    pub create_contacts: bool,
    /// Log the readable messages and list the unreadable ones.
    #[arg(long)]
    pub skip_invalid: bool,
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
    /// Deals: put every deal in this pipeline (created if missing), whatever the file says.
    #[arg(long, value_name = "NAME")]
    pub pipeline: Option<String>,
    #[command(flatten)]
    pub rows: RowArgs,
}

/// What an import of rows from another CRM takes besides its files (shared by
/// `rolo import csv` and the whole-account imports).
#[derive(Debug, Args)]
pub struct RowArgs {
    /// Deals: send a source stage to an existing stage (or won, lost) instead of
    /// creating it: "Old=New,Other=New" (repeatable).
    #[arg(long, value_name = "OLD=NEW,...")]
    pub map_stage: Vec<String>,
    /// Give records owned by a name in the file to a rolo user: "Jane Seller=jane"
    /// (repeatable, or comma-separated); other owners are kept by name.
    #[arg(long, value_name = "NAME=USER,...")]
    pub map_owner: Vec<String>,
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
    /// Every contact as vCard.
    #[command(disable_version_flag = true)]
    Vcf(ExportVcfArgs),
    /// Open tasks (VTODO) and meetings (VEVENT) as a calendar to subscribe to.
    Ics(ExportIcsArgs),
}

/// `rolo export vcf`.
#[derive(Debug, Args)]
pub struct ExportVcfArgs {
    /// vCard version: 3 (most address books) or 4.
    #[arg(long, default_value = "3", value_parser = ["3", "4"])]
    pub version: String,
    /// The file; stdout when not given.
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `rolo export ics`.
#[derive(Debug, Args)]
pub struct ExportIcsArgs {
    /// The file, replaced atomically (safe for a calendar that reads it while cron
    /// regenerates it); stdout when not given.
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `rolo log-email [FILE]`.
#[derive(Debug, Args)]
pub struct LogEmailArgs {
    /// The message (RFC 5322, as saved by a mail client); stdin when not given.
    pub file: Option<PathBuf>,
    /// Create contacts for unknown senders and recipients.
    #[arg(long)]
    pub create_contacts: bool,
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
    /// What the export is for: `marketing` leaves out every contact who has not opted
    /// in to marketing email (contacts only).
    #[arg(long = "for", value_name = "PURPOSE", value_parser = ["marketing"])]
    pub purpose: Option<String>,
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
                format!(
                    "restored {} (revision {})",
                    plural(r.records, "record"),
                    r.revision
                ),
                || serde_json::json!({"records": r.records, "revision": r.revision}),
            )
        }
        ImportCmd::Vcf(a) => {
            let opts = vcard::VcfOptions {
                skip_invalid: a.skip_invalid,
                dry_run: a.dry_run,
            };
            let report = vcard::import_vcf(ctx.store, &a.path, opts)?;
            match ctx.format {
                Format::Json => writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&report)?)?,
                _ => super::import_report::print(ctx, &report, a.dry_run)?,
            }
            Ok(())
        }
        ImportCmd::Ics(a) => import_ics(ctx, a),
        ImportCmd::Mbox(a) => import_mail(ctx, a, false),
        ImportCmd::Maildir(a) => import_mail(ctx, a, true),
        ImportCmd::Pipedrive(a) => super::account::run(ctx, a, Product::Pipedrive),
        ImportCmd::Hubspot(a) => super::account::run(ctx, a, Product::HubSpot),
        ImportCmd::Salesforce(a) => super::account::run(ctx, a, Product::Salesforce),
    }
}

fn import_ics(ctx: &Ctx, a: ImportIcsArgs) -> anyhow::Result<()> {
    let opts = ics::IcsOptions {
        skip_invalid: a.skip_invalid,
        dry_run: a.dry_run,
    };
    let r = ics::import_ics(ctx.store, &a.file, opts)?;
    if ctx.format == Format::Json {
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&r)?)?;
        return Ok(());
    }
    let mut out = ctx.out();
    let verb = if a.dry_run { "would log" } else { "logged" };
    for l in &r.logged {
        let on: Vec<String> = l.contacts.iter().map(|c| format!("C-{c}")).collect();
        writeln!(
            out,
            "{verb} A-{} {} on {}",
            l.activity,
            sanitize(&l.subject),
            on.join(", ")
        )?;
    }
    for e in &r.already_logged {
        writeln!(out, "already logged: {}", sanitize(e))?;
    }
    for e in &r.ignored {
        writeln!(out, "left out {}", sanitize(e))?;
    }
    for e in &r.skipped {
        writeln!(out, "skipped {}", sanitize(&e.to_string()))?;
    }
    let mut summary = r.summary();
    if let Some(rev) = r.revision {
        summary.push_str(&format!("; revision {rev} (undo with `rolo undo`)"));
    }
    writeln!(out, "{summary}")?;
    Ok(())
}

fn mail_options(ctx: &Ctx, create_contacts: bool) -> email::LogOptions {
    email::LogOptions {
        own: ctx.settings.emails.clone(),
        create_contacts,
        support: ctx.settings.support_addresses(),
    }
}

fn import_mail(ctx: &Ctx, a: ImportMailArgs, maildir: bool) -> anyhow::Result<()> {
    let opts = mail_options(ctx, a.create_contacts);
    let r = if maildir {
        email::import_maildir(ctx.store, &a.path, &opts, a.skip_invalid)?
    } else {
        email::import_mbox(ctx.store, &a.path, &opts, a.skip_invalid)?
    };
    if ctx.format == Format::Json {
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&r)?)?;
        return Ok(());
    }
    let mut out = ctx.out();
    for e in &r.skipped {
        writeln!(out, "skipped {}", sanitize(&e.to_string()))?;
    }
    for t in &r.tickets {
        writeln!(out, "{}", sanitize(t))?;
    }
    let mut summary = r.summary();
    if let Some(rev) = r.revision {
        summary.push_str(&format!("; revision {rev} (undo with `rolo undo`)"));
    }
    writeln!(out, "{summary}")?;
    Ok(())
}

fn import_csv(ctx: &Ctx, a: ImportCsvArgs) -> anyhow::Result<()> {
    let kind = ImportKind::parse(&a.kind).context("unknown --as kind")?;
    let opts = CsvOptions {
        kind,
        map: a.map,
        dry_run: a.rows.dry_run,
        skip_invalid: a.rows.skip_invalid,
        currency: ctx.settings.currency(),
        per_record: false,
        pipeline: a.pipeline,
        map_stage: a.rows.map_stage,
        map_owner: a.rows.map_owner,
        from: None,
    };
    let bar = super::progress::RowsBar::new(ctx);
    let result = csv_import::import_csv(ctx.store, &a.file, &opts, &mut |d, t| bar.update(d, t));
    bar.finish();
    let report = result?;
    match ctx.format {
        Format::Json => writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&report)?)?,
        _ => super::import_report::print(ctx, &report, a.rows.dry_run)?,
    }
    Ok(())
}

/// Runs `rolo export csv|json|vcf|ics`.
pub fn export(ctx: &Ctx, cmd: ExportCmd) -> anyhow::Result<()> {
    let (json, a) = match cmd {
        ExportCmd::Csv(a) => (false, a),
        ExportCmd::Json(a) => (true, a),
        ExportCmd::Vcf(a) => return export_vcf(ctx, a),
        ExportCmd::Ics(a) => return export_ics(ctx, a),
    };
    let kind = ExportKind::parse(&a.kind).context("unknown --kind")?;
    if a.purpose.is_some() {
        return export_for_marketing(ctx, json, kind, a.out.as_deref());
    }
    let snapshot = ctx.store.read()?;
    match (json, kind, &a.out) {
        (false, ExportKind::All, None) => return Err(InterchangeError::CsvNeedsFolder.into()),
        (false, ExportKind::All, Some(dir)) => {
            for (path, n) in export::csv_all(&snapshot, dir)? {
                ctx.note(format!("wrote {} to {}", plural(n, "row"), path.display()));
            }
        }
        (_, _, out) => {
            let target = out.clone().unwrap_or_else(|| PathBuf::from("(stdout)"));
            let mut w = writer(ctx, out.as_deref())?;
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

/// `export csv --kind contacts --for marketing`: only the contacts who opted in.
fn export_for_marketing(
    ctx: &Ctx,
    json: bool,
    kind: ExportKind,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    if json || kind != ExportKind::One(crate::model::Kind::Contact) {
        anyhow::bail!(
            "--for marketing exports contacts as CSV: use `rolo export csv --kind contacts --for marketing`"
        );
    }
    let snapshot = ctx.store.read()?;
    let target = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("(stdout)"));
    let mut w = writer(ctx, out)?;
    let n = export::csv_of(
        &snapshot,
        crate::model::Kind::Contact,
        &mut w,
        &target,
        &|c| c.consent.state == crate::model::ConsentState::Granted && !c.emails.is_empty(),
    )?;
    w.flush()?;
    ctx.note(format!(
        "{} opted in to marketing email; everyone else was left out",
        plural(n, "contact")
    ));
    Ok(())
}

fn writer<'c>(ctx: &'c Ctx, out: Option<&Path>) -> anyhow::Result<Box<dyn Write + 'c>> {
    Ok(match out {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|source| InterchangeError::Io {
                path: p.to_path_buf(),
                source,
            })?;
            Box::new(std::io::BufWriter::with_capacity(1 << 20, f))
        }
        None => Box::new(std::io::BufWriter::with_capacity(1 << 20, ctx.writer())),
    })
}

/// Runs `rolo backup FILE`.
pub fn backup(ctx: &Ctx, a: BackupArgs) -> anyhow::Result<()> {
    let s = backup::backup(ctx.store, &a.file, a.force)?;
    ctx.report(
        format!(
            "backed up {} (revision {}) to {}; open it with rolo --db {}",
            plural(s.records, "record"),
            s.revision,
            s.path.display(),
            s.path.display()
        ),
        || serde_json::json!({"path": s.path, "records": s.records, "revision": s.revision}),
    )
}

fn export_vcf(ctx: &Ctx, a: ExportVcfArgs) -> anyhow::Result<()> {
    let version = if a.version == "4" {
        vcard::VcardVersion::V4
    } else {
        vcard::VcardVersion::V3
    };
    let snapshot = ctx.store.read()?;
    let target = a.out.clone().unwrap_or_else(|| PathBuf::from("(stdout)"));
    let mut w = writer(ctx, a.out.as_deref())?;
    let n = vcard::write_vcf(&snapshot, version, &mut w, &target)?;
    w.flush()?;
    if a.out.is_some() {
        ctx.note(format!(
            "wrote {} to {}",
            plural(n, "contact"),
            target.display()
        ));
    }
    Ok(())
}

fn export_ics(ctx: &Ctx, a: ExportIcsArgs) -> anyhow::Result<()> {
    let snapshot = ctx.store.read()?;
    let (text, n) = ics::export::calendar(&snapshot)?;
    let Some(path) = a.out else {
        let mut w = writer(ctx, None)?;
        w.write_all(text.as_bytes())?;
        w.flush()?;
        return Ok(());
    };
    // Write beside, then rename: a calendar polling the file never reads half of it.
    let tmp = path.with_extension("ics.tmp");
    let io = |p: &Path| {
        let path = p.to_path_buf();
        move |source| InterchangeError::Io { path, source }
    };
    std::fs::write(&tmp, text.as_bytes()).map_err(io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(io(&path))?;
    ctx.note(format!(
        "wrote {} and {} to {}",
        plural(n.tasks, "open task"),
        plural(n.meetings, "meeting"),
        path.display()
    ));
    Ok(())
}

/// Runs `rolo log-email [FILE]`.
pub fn log_email(ctx: &Ctx, a: LogEmailArgs) -> anyhow::Result<()> {
    let (bytes, source) = match &a.file {
        Some(f) => {
            let b = std::fs::read(f).map_err(|source| InterchangeError::Io {
                path: f.clone(),
                source,
            })?;
            (b, f.clone())
        }
        None => {
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut b)
                .context("reading the message from stdin")?;
            (b, PathBuf::from("(stdin)"))
        }
    };
    let opts = mail_options(ctx, a.create_contacts);
    let outcome = email::log_email(ctx.store, &bytes, &source, &opts)?;
    if ctx.format == Format::Json {
        writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&outcome)?)?;
        return Ok(());
    }
    let mut out = ctx.out();
    match outcome {
        email::MailOutcome::Logged(l) => {
            for line in l.lines() {
                writeln!(out, "{}", sanitize(&line))?;
            }
        }
        email::MailOutcome::Ticket(t) => {
            for line in t.lines() {
                writeln!(out, "{}", sanitize(&line))?;
            }
        }
        email::MailOutcome::Ignored { why } => {
            writeln!(
                out,
                "{}: no ticket; not logged, as no address in it is a contact",
                why.as_str()
            )?;
        }
        email::MailOutcome::AlreadyLogged { activity } => {
            writeln!(out, "already logged as A-{activity}; nothing to do")?;
        }
        email::MailOutcome::NoContact { .. } => {}
    }
    Ok(())
}
