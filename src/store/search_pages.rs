//! The search index in pages, the layout `rolo search` reads: the searchable records of
//! one kind in blocks of [`PAGE`] consecutive ids, each block one value holding every
//! row's short folded fields ([`crate::search::Parts`]). A search
//! reads a few hundred values instead of walking a hundred thousand keys. Kept by
//! [`super::index::IndexTables`] in the same transaction as the records: a write
//! rewrites its record's page; a bulk load, arriving in id order, rewrites each page
//! once.
//!
//! A page's bytes: for each row in id order, the id's low byte, the text's length
//! (u32, little-endian), the text.

use redb::{ReadableTable, TableDefinition};

use super::query::Snapshot;
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};

/// Packed id of a page's first record → the page's rows.
pub const IDX_SEARCH_PAGE: TableDefinition<u64, &[u8]> = TableDefinition::new("idx_search_page");

/// Ids per page.
pub const PAGE: u64 = 256;

/// The page holding a packed record id.
pub fn page_of(packed: u64) -> u64 {
    packed & !(PAGE - 1)
}

/// One row change: the row's low id byte and its new text (`None`: removed).
pub type RowChange = (u8, Option<String>);

/// Calls `f` with each row (its packed id, its text) of a page; stops when `f` says so.
/// Returns false when it was stopped.
pub fn rows(page: u64, bytes: &[u8], f: &mut dyn FnMut(u64, &str) -> bool) -> Result<bool> {
    let mut rest = bytes;
    while let [low, l0, l1, l2, l3, tail @ ..] = rest {
        let len = u32::from_le_bytes([*l0, *l1, *l2, *l3]) as usize;
        let (text, after) = tail.split_at_checked(len).ok_or_else(|| damaged(page))?;
        let text = std::str::from_utf8(text).map_err(|_| damaged(page))?;
        if !f(page | u64::from(*low), text) {
            return Ok(false);
        }
        rest = after;
    }
    if rest.is_empty() {
        Ok(true)
    } else {
        Err(damaged(page))
    }
}

/// Calls `f` with each row (packed id, text) of `kind`'s pages, or of every kind's, in
/// id order; stops when `f` says so.
pub fn scan(
    snap: &impl Snapshot,
    kind: Option<Kind>,
    f: &mut dyn FnMut(u64, &str) -> bool,
) -> Result<()> {
    let Some(t) = snap.table(IDX_SEARCH_PAGE)? else {
        return Ok(());
    };
    let (lo, hi) = match kind {
        Some(k) => (
            RecordId::new(k, 0).packed(),
            RecordId::new(k, (1 << 56) - 1).packed(),
        ),
        None => (0, u64::MAX),
    };
    for page in t.range(lo..=hi)? {
        let (k, v) = page?;
        if !rows(k.value(), v.value(), f)? {
            break;
        }
    }
    Ok(())
}

fn damaged(page: u64) -> Error {
    Error::Storage(format!(
        "search page {page:#x} is damaged; run `rolo doctor --repair`"
    ))
}

/// Applies row changes to one page (read, changed, written back; removed when empty).
pub fn apply(
    table: &mut redb::Table<'_, u64, &'static [u8]>,
    page: u64,
    changes: Vec<RowChange>,
) -> Result<()> {
    let mut current: Vec<(u8, String)> = Vec::new();
    if let Some(v) = table.get(page)? {
        rows(page, v.value(), &mut |packed, text| {
            current.push(((packed & (PAGE - 1)) as u8, text.to_string()));
            true
        })?;
    }
    for (low, text) in changes {
        match (current.binary_search_by_key(&low, |r| r.0), text) {
            (Ok(i), Some(t)) => current[i].1 = t,
            (Err(i), Some(t)) => current.insert(i, (low, t)),
            (Ok(i), None) => {
                current.remove(i);
            }
            (Err(_), None) => {}
        }
    }
    if current.is_empty() {
        table.remove(page)?;
        return Ok(());
    }
    let mut bytes = Vec::with_capacity(current.iter().map(|r| r.1.len() + 5).sum());
    for (low, text) in &current {
        let len = u32::try_from(text.len())
            .map_err(|_| Error::invalid("search", "a record's searchable text is over 4 GB"))?;
        bytes.push(*low);
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    table.insert(page, bytes.as_slice())?;
    Ok(())
}

/// Compares the pages with the rows recounted from the records (`expected`, by packed
/// id): the first difference found, or `None` when they hold the same rows.
pub fn verify(snap: &impl Snapshot, expected: &[(u64, String)]) -> Result<Option<String>> {
    let mut at = 0usize;
    let mut problem = None;
    if let Some(t) = snap.table(IDX_SEARCH_PAGE)? {
        for row in t.iter()? {
            let (k, v) = row?;
            rows(
                k.value(),
                v.value(),
                &mut |packed, text| match expected.get(at) {
                    Some((id, want)) if *id == packed && want == text => {
                        at += 1;
                        true
                    }
                    _ => {
                        problem = Some(match RecordId::unpack(packed) {
                            Some(rid) => {
                                format!("the search pages disagree with the records at {rid}")
                            }
                            None => format!("the search pages hold an unknown record {packed:#x}"),
                        });
                        false
                    }
                },
            )?;
            if problem.is_some() {
                return Ok(problem);
            }
        }
    }
    if at < expected.len() {
        return Ok(Some(format!(
            "the search pages lack {} of the searchable records",
            expected.len() - at
        )));
    }
    Ok(None)
}

/// Changes waiting to be written: those of one page at a time, so writes that come in
/// id order (a bulk load) rewrite each page once.
#[derive(Default)]
pub struct Pending {
    page: Option<u64>,
    changes: Vec<RowChange>,
}

impl Pending {
    /// Notes a change of the row of `packed`; writes the waiting page first when the
    /// change is on another one.
    pub fn note(
        &mut self,
        table: &mut redb::Table<'_, u64, &'static [u8]>,
        packed: u64,
        text: Option<String>,
    ) -> Result<()> {
        let page = page_of(packed);
        if self.page.is_some_and(|p| p != page) {
            self.flush(table)?;
        }
        self.page = Some(page);
        self.changes.push(((packed & (PAGE - 1)) as u8, text));
        Ok(())
    }

    /// Writes the waiting page.
    pub fn flush(&mut self, table: &mut redb::Table<'_, u64, &'static [u8]>) -> Result<()> {
        if let Some(page) = self.page.take() {
            apply(table, page, std::mem::take(&mut self.changes))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_keep_rows_in_id_order_and_read_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let db = redb::Database::create(dir.path().join("p.redb")).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let mut t = txn.open_table(IDX_SEARCH_PAGE).unwrap();
            let base = 7u64 << 56;
            let mut p = Pending::default();
            for (id, text) in [(3, "c"), (1, "a"), (300, "x"), (2, "b")] {
                p.note(&mut t, base | id, Some(text.to_string())).unwrap();
            }
            p.note(&mut t, base | 1, None).unwrap();
            p.note(&mut t, base | 2, Some("bee".into())).unwrap();
            p.flush(&mut t).unwrap();
            let mut seen = Vec::new();
            for row in t.iter().unwrap() {
                let (k, v) = row.unwrap();
                rows(k.value(), v.value(), &mut |id, text| {
                    seen.push((id & 0xffff, text.to_string()));
                    true
                })
                .unwrap();
            }
            assert_eq!(
                seen,
                vec![(2, "bee".into()), (3, "c".into()), (300, "x".into())]
            );
            assert!(rows(0, &[1, 9, 0, 0, 0, b'a'], &mut |_, _| true).is_err());
        }
    }
}
