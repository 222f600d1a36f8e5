//! The printed report of a CSV import (`rolo import csv`, and per file of `rolo import
//! pipedrive|hubspot|salesforce DIR`): pipelines created, owners kept by name, rows
//! skipped, columns not imported, and the summary line. Record text is sanitised.

use std::io::Write;

use super::Ctx;
use crate::interchange::csv_import::ImportReport;
use crate::model::text::sanitize;
use crate::model::words::plural;

/// Prints a CSV import's report: with `--dry-run` what each row would do, then the
/// details and the summary line.
pub(super) fn print(ctx: &Ctx, r: &ImportReport, dry_run: bool) -> anyhow::Result<()> {
    let mut out = ctx.out();
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
    for line in detail_lines(r, dry_run) {
        writeln!(out, "{line}")?;
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

/// What an import did besides its summary line: pipelines and stages created, owners
/// kept by name, rows skipped, columns not imported.
pub(super) fn detail_lines(r: &ImportReport, dry_run: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for p in &r.pipelines {
        let stages: Vec<String> = p
            .stages
            .iter()
            .map(|s| sanitize(&s.name).into_owned())
            .collect();
        let name = sanitize(&p.pipeline);
        let id = p.id.map(|id| format!("P-{id} ")).unwrap_or_default();
        let line = match (p.new, dry_run) {
            (true, true) => format!(
                "would create pipeline {name}: {} → Won → Lost",
                stages.join(" → ")
            ),
            (true, false) => format!(
                "created pipeline {id}{name}: {} → Won → Lost",
                stages.join(" → ")
            ),
            (false, true) => format!("would add to pipeline {id}{name}: {}", stages.join(", ")),
            (false, false) => format!("added to pipeline {id}{name}: {}", stages.join(", ")),
        };
        lines.push(line);
    }
    if !r.owners_kept.is_empty() {
        let names: Vec<String> = r
            .owners_kept
            .iter()
            .map(|o| format!("\"{}\" ({})", sanitize(&o.name), plural(o.rows, "row")))
            .collect();
        let first = sanitize(&r.owners_kept[0].name).into_owned();
        lines.push(format!(
            "owners kept by name (not rolo users yet): {}; to give them to users: --map-owner \"{first}=USER\"",
            names.join(", ")
        ));
    }
    for e in &r.skipped {
        let verb = if dry_run { "would skip" } else { "skipped" };
        lines.push(format!("{verb} {}", sanitize(&e.to_string())));
    }
    if !r.ignored_columns.is_empty() {
        let cols: Vec<String> = r
            .ignored_columns
            .iter()
            .map(|c| format!("\"{}\"", sanitize(c)))
            .collect();
        lines.push(format!("columns not imported: {}", cols.join(", ")));
    }
    lines
}
