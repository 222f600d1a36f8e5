//! `rolo import pipedrive|hubspot|salesforce DIR`: a whole account's export files as
//! one change, with a summary per file (as JSON with `--json`).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::Ctx;
use super::output::Format;
use crate::interchange::account::{self, AccountOptions, AccountReport, Product};
use crate::model::text::sanitize;
use crate::model::words::plural;

/// `rolo import pipedrive DIR` (likewise hubspot, salesforce).
#[derive(Debug, Args)]
pub struct AccountArgs {
    /// The folder holding the export's CSV files.
    pub dir: PathBuf,
    #[command(flatten)]
    pub rows: super::interchange::RowArgs,
}

/// Runs the import of a whole account.
pub fn run(ctx: &Ctx, a: AccountArgs, product: Product) -> anyhow::Result<()> {
    let opts = AccountOptions {
        product,
        dry_run: a.rows.dry_run,
        skip_invalid: a.rows.skip_invalid,
        currency: ctx.settings.currency(),
        map_stage: a.rows.map_stage,
        map_owner: a.rows.map_owner,
    };
    let bar = super::progress::RowsBar::new(ctx);
    let result = account::import_account(ctx.store, &a.dir, &opts, &mut |d, t| bar.update(d, t));
    bar.finish();
    let report = result?;
    match ctx.format {
        Format::Json => writeln!(ctx.out(), "{}", serde_json::to_string_pretty(&report)?)?,
        _ => print(ctx, &report)?,
    }
    Ok(())
}

fn print(ctx: &Ctx, r: &AccountReport) -> anyhow::Result<()> {
    let mut out = ctx.out();
    for f in &r.files {
        writeln!(
            out,
            "{} ({}): {}",
            sanitize(&f.file),
            f.holds,
            f.report.summary()
        )?;
        for line in super::import_report::detail_lines(&f.report, r.dry_run) {
            writeln!(out, "  {line}")?;
        }
    }
    for (file, why) in &r.not_imported {
        writeln!(out, "not imported: {} ({})", sanitize(file), sanitize(why))?;
    }
    let created: usize = r
        .files
        .iter()
        .map(|f| f.report.created.len() + f.report.companies_created.len())
        .sum();
    let matched: usize = r.files.iter().map(|f| f.report.matched.len()).sum();
    let mut line = format!(
        "{} account: {} {}created, {matched} {}matched",
        r.product,
        plural(created, "record"),
        if r.dry_run { "would be " } else { "" },
        if r.dry_run { "would be " } else { "" },
    );
    if r.dry_run {
        line.push_str("; dry run, nothing written");
    } else if let Some(rev) = r.revision {
        line.push_str(&format!(
            "; revision {rev} (one `rolo undo` reverts the whole import)"
        ));
    }
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}
