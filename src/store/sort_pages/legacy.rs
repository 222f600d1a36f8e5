//! The sort index as schema 8 kept it (one key per entry), moved into pages on the
//! first open by a build of schema 9.

use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::{Entry, SortPages};
use crate::error::Result;

/// The schema before 9 kept one key per entry: (column tag, key, id).
pub const LEGACY_IDX_SORT: TableDefinition<(u8, &str, u64), ()> = TableDefinition::new("idx_sort");

/// Moves the entries of the sort index as schema 8 kept it (one key per entry) into
/// pages and drops the old table; returns how many entries moved (0 without one).
pub fn from_legacy(txn: &WriteTransaction) -> Result<u64> {
    let old = match txn.open_table(LEGACY_IDX_SORT) {
        Ok(t) => t,
        Err(redb::TableError::TableDoesNotExist(_)) => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    let mut pages = SortPages::open(txn)?;
    let mut moved = 0u64;
    // A column at a time, so only one column's keys are held.
    let mut column: Vec<(String, u64)> = Vec::new();
    let mut tag = None;
    for row in old.iter()? {
        let (k, _) = row?;
        let (t, key, id) = k.value();
        if tag.is_some_and(|c| c != t) {
            moved += flush_column(&mut pages, tag, &mut column)?;
        }
        tag = Some(t);
        column.push((key.to_string(), id));
    }
    moved += flush_column(&mut pages, tag, &mut column)?;
    drop(old);
    drop(pages);
    txn.delete_table(LEGACY_IDX_SORT)?;
    Ok(moved)
}

fn flush_column(
    pages: &mut SortPages<'_>,
    tag: Option<u8>,
    column: &mut Vec<(String, u64)>,
) -> Result<u64> {
    let Some(tag) = tag else {
        return Ok(0);
    };
    let entries: Vec<Entry<'_>> = column.iter().map(|(k, id)| (k.as_str(), *id)).collect();
    pages.insert(tag, &entries)?;
    let n = entries.len() as u64;
    drop(entries);
    column.clear();
    Ok(n)
}
