//! A deal imported again (same source id): the values the row gives replace the
//! deal's (the source is where the deal was worked until now), values the row leaves
//! empty are kept, contacts and tags are added to. A stage change goes through the ops
//! layer like any move, so the stage history records it; a deal the row closes gets the
//! source's close time.

use super::Applied;
use crate::error::Result;
use crate::interchange::csv_import::pipelines::Product;
use crate::interchange::csv_import::report::Outcome;
use crate::model::{Deal, DealStatus, Instant, Kind, RecordId};
use crate::ops;
use crate::store::{Queries, Tx};

/// Updates deal `id` with the row's `row`; `closed_at` is when the source closed it.
pub fn update(
    tx: &mut Tx,
    line: u64,
    id: u64,
    row: Deal,
    closed_at: Option<Instant>,
    product: Product,
) -> Result<Applied> {
    let old: Deal = tx.require(id)?;
    let mut new = old.clone();
    let mut changed: Vec<&'static str> = Vec::new();
    let mut set = |differs: bool, name: &'static str| {
        if differs && !changed.contains(&name) {
            changed.push(name);
        }
        differs
    };
    if set(new.title != row.title, "title") {
        new.title = row.title;
    }
    if set(
        (new.value, new.currency) != (row.value, row.currency),
        "value",
    ) {
        (new.value, new.currency) = (row.value, row.currency);
    }
    if set(
        (new.pipeline, new.stage) != (row.pipeline, row.stage),
        "stage",
    ) {
        (new.pipeline, new.stage) = (row.pipeline, row.stage);
    }
    if row.close_date.is_some() && set(new.close_date != row.close_date, "close date") {
        new.close_date = row.close_date;
    }
    if row.probability.is_some() && set(new.probability != row.probability, "probability") {
        new.probability = row.probability;
    }
    if !row.owner.is_empty() && set(new.owner != row.owner, "owner") {
        new.owner = row.owner;
    }
    if row.lost_reason.is_some() && set(new.lost_reason != row.lost_reason, "lost reason") {
        new.lost_reason = row.lost_reason;
    }
    if row.company.is_some() && set(new.company != row.company, "company") {
        new.company = row.company;
    }
    for c in row.contacts {
        if set(!new.contacts.contains(&c), "contacts") {
            new.contacts.push(c);
        }
    }
    for t in row.tags {
        if set(!new.tags.contains(&t.to_lowercase()), "tags") {
            new.tags.push(t);
        }
    }
    if !row.notes.is_empty() && set(new.notes != row.notes, "notes") {
        new.notes = row.notes;
    }
    let why = product.same_id();
    let outcome = |note: String| Outcome {
        line,
        record: RecordId::new(Kind::Deal, id),
        label: old.title.clone(),
        note,
    };
    if changed.is_empty() {
        return Ok(Applied::Matched(outcome(format!("{why}, nothing new"))));
    }
    let saved = ops::update_in(tx, id, |d: &mut Deal| {
        *d = new;
        Ok(())
    })?;
    if saved.status != old.status
        && saved.status != DealStatus::Open
        && let Some(at) = closed_at
    {
        ops::update_in(tx, id, |d: &mut Deal| {
            d.closed_at = Some(at);
            if let Some(last) = d.history.last_mut() {
                last.at = at;
            }
            Ok(())
        })?;
    }
    Ok(Applied::Matched(outcome(format!(
        "{why}; updated {}",
        changed.join(", ")
    ))))
}
