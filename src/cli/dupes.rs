//! `rolo dupes` and `rolo merge`: likely duplicate contacts or companies, and merging
//! the second of a pair into the first (one undoable change).

use crate::model::words::plural;
use std::io::Write;

use clap::Args;

use super::Ctx;
use super::output::Format;
use crate::interchange::dupes;
use crate::model::text::sanitize;

/// `rolo dupes`.
#[derive(Debug, Args)]
pub struct DupesArgs {
    /// Look among contacts or companies.
    #[arg(long, default_value = "contacts", value_parser = ["contacts", "companies"])]
    pub kind: String,
    /// Show at most this many pairs.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// `rolo merge KEEP OTHER`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The record to keep (`C-1`, `O-1`).
    pub keep: String,
    /// The record merged into it and deleted (`C-2`, `O-2`).
    pub other: String,
}

/// Runs `rolo dupes`.
pub fn dupes(ctx: &Ctx, a: DupesArgs) -> anyhow::Result<()> {
    let kind = if a.kind == "companies" {
        dupes::DupeKind::Companies
    } else {
        dupes::DupeKind::Contacts
    };
    let pairs = dupes::find_duplicates(&ctx.store.read()?, kind, a.limit)?;
    let mut out = ctx.out();
    if ctx.format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&pairs)?)?;
        return Ok(());
    }
    if pairs.is_empty() {
        drop(out);
        ctx.note(format!("no duplicate {} found", a.kind));
        return Ok(());
    }
    for p in &pairs {
        writeln!(
            out,
            "{:.2}  {} {}  <-  {} {}  ({})",
            p.score,
            p.keep,
            sanitize(&p.keep_label),
            p.other,
            sanitize(&p.other_label),
            sanitize(&p.reasons.join("; "))
        )?;
    }
    writeln!(
        out,
        "merge a pair with: rolo merge KEEP OTHER (undo with `rolo undo`)"
    )?;
    Ok(())
}

/// Runs `rolo merge KEEP OTHER`.
pub fn merge(ctx: &Ctx, a: MergeArgs) -> anyhow::Result<()> {
    let keep: crate::model::RecordId = a.keep.parse().map_err(crate::Error::from)?;
    let other: crate::model::RecordId = a.other.parse().map_err(crate::Error::from)?;
    let c = crate::ops::merge(ctx.store, keep, other)?;
    let m = c.value;
    ctx.report(
        format!(
            "merged {} into {}: moved {}, {}, {}, {}; revision {} (undo with `rolo undo`)",
            m.removed,
            m.kept,
            plural(m.contacts, "contact"),
            plural(m.deals, "deal"),
            plural(m.activities, "activity"),
            plural(m.tasks, "task"),
            c.rev
        ),
        || {
            serde_json::json!({"kept": m.kept.to_string(), "removed": m.removed.to_string(),
            "contacts": m.contacts, "deals": m.deals, "activities": m.activities,
            "tasks": m.tasks, "revision": c.rev})
        },
    )
}
