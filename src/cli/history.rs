//! `rolo undo`, `rolo redo` and `rolo history`.

use clap::Args;

use super::output::Listing;
use super::{Ctx, resolve, views};
use crate::ops;
use crate::store::Queries;

/// `rolo history [RECORD]`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only changes to this record (C-n, O-n, D-n, A-n, T-n, P-n).
    record: Option<String>,
    /// Only changes by this user (`me` for yours).
    #[arg(long)]
    user: Option<String>,
    /// Show at most N, newest first.
    #[arg(long, default_value_t = 30)]
    limit: usize,
}

/// Reverts the caller's latest change.
pub fn undo(ctx: &Ctx) -> anyhow::Result<()> {
    let done = ops::undo(ctx.store)?;
    let e = done.value;
    ctx.report(
        format!("undid r{} ({}): {}", e.rev, e.op, e.summary),
        || serde_json::json!({"undone": views::entry_json(&e), "rev": done.rev}),
    )
}

/// Reapplies the change the caller undid last.
pub fn redo(ctx: &Ctx) -> anyhow::Result<()> {
    let done = ops::redo(ctx.store)?;
    let e = done.value;
    let what = e
        .summary
        .strip_prefix("undid ")
        .unwrap_or(&e.summary)
        .to_string();
    ctx.report(
        format!("redid {what}"),
        || serde_json::json!({"redone": views::entry_json(&e), "rev": done.rev}),
    )
}

/// Lists change-log entries.
pub fn run(ctx: &Ctx, a: HistoryArgs) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let rid = a.record.as_deref().map(resolve::any_id).transpose()?;
    let user = a.user.map(|u| ctx.user(&u));
    let entries = r.entries_back(a.limit, |e| {
        rid.is_none_or(|x| e.touches(x))
            && user.as_ref().is_none_or(|u| e.user.eq_ignore_ascii_case(u))
    })?;
    let mut l = Listing::new(views::ENTRY_HEADERS.to_vec());
    for e in &entries {
        l.push(views::entry_row(e), views::entry_json(e));
    }
    l.print(ctx, "no changes recorded")
}
