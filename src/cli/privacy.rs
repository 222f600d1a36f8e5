//! `rolo privacy export|erase|scrub|erasures`: one person's data on request, erased
//! for good, and the file rewritten so erased bytes are gone. The work is in
//! [`crate::privacy`] and [`crate::store::scrub`]; this module parses, confirms and
//! prints. A scrub needs the database to itself, so `main` runs it with no store open
//! ([`scrub_request`]).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Subcommand};

use super::output::{Format, write_csv};
use super::{Ctx, resolve};
use crate::model::Kind;
use crate::model::words::plural;
use crate::privacy;

/// Privacy subcommands.
#[derive(Debug, Subcommand)]
pub enum PrivacyCmd {
    /// Everything rolo holds about a person, as versioned JSON (with --csv: one CSV per
    /// kind into the folder --out).
    Export {
        /// The contact (C-n).
        id: String,
        /// Write to this file (JSON) or folder (--csv) instead of stdout.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Erase a person for good: their record and what was theirs alone, their data in
    /// shared records and in the history; leaves a tombstone. Cannot be undone.
    Erase(EraseArgs),
    /// Rewrite the database into a fresh file so erased bytes are physically gone;
    /// needs the file to itself.
    Scrub(ScrubArgs),
    /// List the erasures made (tombstones: when, who, why, how much; no personal data).
    Erasures,
    /// Erase the contacts a time rule names ("leads with no activity for 24 months"),
    /// except those tagged legal-hold: preview with --dry-run first, then --apply.
    Retention(RetentionArgs),
}

/// `rolo privacy retention`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("mode").required(true).args(["dry_run", "apply"])))]
pub struct RetentionArgs {
    /// Months without activity (since creation when never contacted), e.g. 24.
    #[arg(long, value_name = "MONTHS")]
    pub idle: u32,
    /// Only contacts in this lifecycle stage: lead, prospect, customer or former.
    #[arg(long)]
    pub lifecycle: Option<String>,
    /// The tag that exempts a contact (legal hold).
    #[arg(long, default_value = privacy::retention::LEGAL_HOLD)]
    pub hold_tag: String,
    /// List what the rule would erase, and record the preview (required before --apply).
    #[arg(long)]
    pub dry_run: bool,
    /// Erase what the rule names now (after a preview of the same rule).
    #[arg(long)]
    pub apply: bool,
    /// Why, added to each tombstone (default: the rule).
    #[arg(long, default_value = "")]
    pub reason: String,
}

/// `rolo privacy erase`.
#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The contact (C-n).
    pub id: String,
    /// Why (kept in the tombstone), e.g. "request by email of 2026-11-20".
    #[arg(long)]
    pub reason: String,
    /// Do not ask for confirmation (scripts).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Scrub the file right after, when no other process has it open.
    #[arg(long)]
    pub scrub: bool,
    /// With --scrub: how long to wait for other processes to close the file.
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub wait: u64,
}

/// `rolo privacy scrub`.
#[derive(Debug, Args)]
pub struct ScrubArgs {
    /// How long to wait for other processes (a TUI, a mail hook) to close the file.
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    pub wait: u64,
}

/// Runs a privacy subcommand (not `scrub`, which `main` runs without a store open).
pub fn run(ctx: &Ctx, cmd: PrivacyCmd) -> anyhow::Result<()> {
    match cmd {
        PrivacyCmd::Export { id, out } => export(ctx, &id, out.as_deref()),
        PrivacyCmd::Erase(a) => erase(ctx, &a),
        PrivacyCmd::Erasures => erasures(ctx),
        PrivacyCmd::Retention(a) => retention(ctx, &a),
        PrivacyCmd::Scrub(_) => anyhow::bail!(
            "scrub needs the database to itself: run `rolo privacy scrub` from the shell, with every rolo closed"
        ),
    }
}

/// Whether `cmd` asks for a scrub, and how long it may wait: `privacy scrub`, or
/// `privacy erase --scrub` (after the erase).
pub fn scrub_request(cmd: &super::Command) -> Option<Duration> {
    match cmd {
        super::Command::Privacy(PrivacyCmd::Scrub(a)) => Some(Duration::from_secs(a.wait)),
        super::Command::Privacy(PrivacyCmd::Erase(a)) if a.scrub => {
            Some(Duration::from_secs(a.wait))
        }
        _ => None,
    }
}

/// Scrubs the file at `path`, printing what it did.
pub fn scrub(path: &Path, wait: Duration, out: &mut impl Write) -> anyhow::Result<()> {
    let done = crate::store::scrub(path, wait)?;
    writeln!(
        out,
        "scrubbed {}: rewrote {} rows into a fresh file ({} -> {} bytes); erased data is gone from it",
        path.display(),
        done.rows,
        done.before,
        done.after
    )?;
    Ok(())
}

fn export(ctx: &Ctx, id: &str, out: Option<&Path>) -> anyhow::Result<()> {
    let id = resolve::id(id, Kind::Contact)?;
    let r = ctx.store.read()?;
    let doc = privacy::export(&r, id, ctx.me(), ctx.store.now())?;
    drop(r);
    // Who saw everything about whom, and when, is itself on record.
    ctx.store.write("privacy.export", |tx| {
        tx.audit(format!("exported everything held about C-{id}"));
        Ok(())
    })?;
    match (ctx.format, out) {
        (Format::Csv, None) => anyhow::bail!(
            "--csv writes one file per kind: name a folder with --out, e.g. --out C-{id}-export"
        ),
        (Format::Csv, Some(dir)) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("{}: cannot create the folder: {e}", dir.display()))?;
            let tables = privacy::export::csv_tables(&doc)?;
            for (name, header, rows) in &tables {
                let mut bytes = Vec::new();
                let header: Vec<&str> = header.iter().map(String::as_str).collect();
                write_csv(&mut bytes, &header, rows)?;
                write_private(&dir.join(name), &bytes)?;
            }
            ctx.note(format!(
                "wrote {} CSV files about C-{id} to {}",
                tables.len(),
                dir.display()
            ));
        }
        (_, Some(file)) => {
            let mut bytes = serde_json::to_vec_pretty(&doc)?;
            bytes.push(b'\n');
            write_private(file, &bytes)?;
            ctx.note(format!(
                "wrote everything about C-{id} to {} ({}, {})",
                file.display(),
                plural(
                    doc.records.values().map(Vec::len).sum::<usize>(),
                    "related record"
                ),
                plural(doc.history.len(), "history entry")
            ));
        }
        (_, None) => {
            let mut w = ctx.out();
            serde_json::to_writer_pretty(&mut *w, &doc)?;
            writeln!(w)?;
        }
    }
    Ok(())
}

/// Writes a file only its owner can read, through a temporary file renamed into place
/// (so a half-written export never stands under the name).
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let temp = path.with_file_name(format!(".{name}.part"));
    let fail = |e: std::io::Error| anyhow::anyhow!("{}: cannot write: {e}", path.display());
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)
        .map_err(fail)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(fail)?;
    std::fs::rename(&temp, path).map_err(fail)?;
    Ok(())
}

fn erase(ctx: &Ctx, a: &EraseArgs) -> anyhow::Result<()> {
    let id = resolve::id(&a.id, Kind::Contact)?;
    if !a.yes {
        let plan = privacy::plan(&ctx.store.read()?, id)?;
        confirm(ctx, &plan, id)?;
    }
    let done = privacy::erase(ctx.store, id, &a.reason, true)?;
    let t = done.value;
    if a.scrub && !ctx.is_terminal() {
        ctx.note(
            "not scrubbed: this rolo has the file open; close it and run `rolo privacy scrub` from the shell",
        );
    }
    ctx.report(
        format!(
            "{}; `rolo privacy scrub` removes the freed bytes from the file",
            t.describe()
        ),
        || serde_json::json!({"erased": format!("C-{id}"), "tombstone": t, "rev": done.rev}),
    )
}

/// Shows what the erase would do and asks for the contact's id back; without a
/// terminal (a script, the TUI's `:` prompt) it refuses and says to pass --yes.
fn confirm(ctx: &Ctx, plan: &privacy::Plan, id: u64) -> anyhow::Result<()> {
    let interactive = ctx.is_terminal() && std::io::stdin().is_terminal();
    if !interactive {
        let lines: Vec<String> = plan.lines().iter().map(|l| l.trim().to_string()).collect();
        let why = lines.join("; ").replace(":;", ":");
        anyhow::bail!("{why}. Erasing asks to confirm: run it again with --yes");
    }
    for l in plan.lines() {
        ctx.note(l);
    }
    let mut err = std::io::stderr();
    write!(err, "type C-{id} to erase, anything else to stop: ")?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if !answer.trim().eq_ignore_ascii_case(&format!("C-{id}")) {
        anyhow::bail!("not erased: the answer was not C-{id}");
    }
    Ok(())
}

fn erasures(ctx: &Ctx) -> anyhow::Result<()> {
    let list = privacy::tombstones(&ctx.store.read()?)?;
    let mut l = super::output::Listing::new(vec![
        "Rev", "Contact", "When", "By", "Deleted", "Redacted", "History", "Reason",
    ]);
    for t in &list {
        l.push(
            vec![
                format!("r{}", t.rev),
                format!("C-{}", t.contact),
                t.at.format("%Y-%m-%d %H:%M").to_string(),
                t.user.clone(),
                t.deleted.to_string(),
                t.redacted.to_string(),
                t.history_rewritten.to_string(),
                t.reason.clone(),
            ],
            serde_json::to_value(t)?,
        );
    }
    l.print(ctx, "no one has been erased")
}

fn retention(ctx: &Ctx, a: &RetentionArgs) -> anyhow::Result<()> {
    let lifecycle = a
        .lifecycle
        .as_deref()
        .map(|l| {
            crate::model::Lifecycle::parse(l).ok_or_else(|| {
                crate::Error::invalid(
                    "lifecycle",
                    format!("'{l}' is not a lifecycle stage: lead, prospect, customer or former"),
                )
            })
        })
        .transpose()?;
    if a.idle == 0 {
        return Err(crate::Error::invalid("idle", "must be at least 1 month").into());
    }
    let rule = privacy::retention::Rule {
        lifecycle,
        idle_months: a.idle,
        hold_tag: a.hold_tag.trim().to_lowercase(),
    };
    if a.dry_run {
        let sel = privacy::retention::preview(ctx.store, &rule)?.value;
        let mut l = super::output::Listing::new(vec!["Contact", "Name", "Lifecycle", "Last touch"]);
        for c in &sel.due {
            l.push(
                vec![
                    format!("C-{}", c.id),
                    c.name.clone(),
                    c.lifecycle.as_str().into(),
                    super::views::day(c.last_activity.unwrap_or(c.created)),
                ],
                serde_json::json!({"id": format!("C-{}", c.id), "name": c.name}),
            );
        }
        ctx.note(format!(
            "preview of: {}; {} would be erased, {} held by the tag; run again with --apply to erase them",
            rule.describe(),
            sel.due.len(),
            sel.held.len()
        ));
        return l.print(ctx, "no contact is due under this rule");
    }
    let done = privacy::retention::apply(ctx.store, &rule, &a.reason)?;
    let erased: Vec<String> = done
        .value
        .iter()
        .map(|t| format!("C-{}", t.contact))
        .collect();
    ctx.report(
        format!(
            "retention ({}): erased {} contact(s){}",
            rule.describe(),
            erased.len(),
            if erased.is_empty() {
                String::new()
            } else {
                format!(": {}", erased.join(", "))
            }
        ),
        || serde_json::json!({"erased": erased, "rev": done.rev}),
    )
}
