//! The search index in pages, the layout `rolo search` reads: the searchable records of
//! one kind in blocks of [`PAGE`] consecutive ids, each block one value holding every
//! row's short folded fields ([`crate::search::Parts`]). A search
//! reads a few hundred values instead of walking a hundred thousand keys. Kept by
//! [`super::index::IndexTables`] in the same transaction as the records: a write
//! rewrites its record's page; a bulk load, arriving in id order, rewrites each page
//! once.
//!
//! A page's bytes: for each row in id order, the id's low byte, the row's letter mask
//! ([`crate::search::row_letters`], u64, little-endian), the text's length (u32,
//! little-endian), the text. The mask lets a search turn a row away before it reads the
//! text (schema 5; schema 4's rows lacked it, see [`super::search_pages_v4`]).

use redb::{ReadableTable, TableDefinition};

use super::query::Snapshot;
use crate::error::{Error, Result};
use crate::model::{Kind, RecordId};
use crate::search::row_letters;

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

/// One stored row of a page.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The record's packed id.
    pub packed: u64,
    /// The letter mask of the text's name, emails and tags.
    pub letters: u64,
    /// The text's bytes, not yet checked to be UTF-8: see [`Row::text`].
    pub raw: &'a [u8],
}

impl<'a> Row<'a> {
    /// The record's id within its kind.
    pub fn id(&self) -> u64 {
        self.packed & ((1 << 56) - 1)
    }

    /// The stored text (an error names the page when it is not UTF-8).
    pub fn text(&self) -> Result<&'a str> {
        std::str::from_utf8(self.raw).map_err(|_| damaged(page_of(self.packed)))
    }
}

/// Calls `f` with each stored row of a page, its text unchecked; stops when `f` says
/// so. Returns false when it was stopped.
pub fn raw_rows(page: u64, bytes: &[u8], f: &mut dyn FnMut(Row<'_>) -> bool) -> Result<bool> {
    let mut rest = bytes;
    while let [low, m @ .., l0, l1, l2, l3] = rest.get(..13).unwrap_or(&[]) {
        let letters = u64::from_le_bytes(m.try_into().map_err(|_| damaged(page))?);
        let len = u32::from_le_bytes([*l0, *l1, *l2, *l3]) as usize;
        let tail = rest.get(13..).unwrap_or(&[]);
        let (raw, after) = tail.split_at_checked(len).ok_or_else(|| damaged(page))?;
        let row = Row {
            packed: page | u64::from(*low),
            letters,
            raw,
        };
        if !f(row) {
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

/// Calls `f` with each row (its packed id, its text) of a page; stops when `f` says so.
/// Returns false when it was stopped.
pub fn rows(page: u64, bytes: &[u8], f: &mut dyn FnMut(u64, &str) -> bool) -> Result<bool> {
    let mut bad = false;
    let go = raw_rows(page, bytes, &mut |row| match row.text() {
        Ok(text) => f(row.packed, text),
        Err(_) => {
            bad = true;
            false
        }
    })?;
    if bad { Err(damaged(page)) } else { Ok(go) }
}

/// Calls `f` with each row (packed id, text) of `kind`'s pages, or of every kind's, in
/// id order; stops when `f` says so.
pub fn scan(
    snap: &impl Snapshot,
    kind: Option<Kind>,
    f: &mut dyn FnMut(u64, &str) -> bool,
) -> Result<()> {
    let mut bad = None;
    scan_raw(snap, kind, &mut |row| match row.text() {
        Ok(text) => f(row.packed, text),
        Err(e) => {
            bad = Some(e);
            false
        }
    })?;
    bad.map_or(Ok(()), Err)
}

/// [`scan`] giving each stored row with its letter mask, its text unchecked.
pub fn scan_raw(
    snap: &impl Snapshot,
    kind: Option<Kind>,
    f: &mut dyn FnMut(Row<'_>) -> bool,
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
        if !raw_rows(k.value(), v.value(), f)? {
            break;
        }
    }
    Ok(())
}

/// The error of a page that cannot be read.
pub(super) fn damaged(page: u64) -> Error {
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
    let mut bytes = Vec::with_capacity(current.iter().map(|r| r.1.len() + 13).sum());
    for (low, text) in &current {
        encode_row(&mut bytes, *low, text)?;
    }
    table.insert(page, bytes.as_slice())?;
    Ok(())
}

/// Appends one row in the page layout, its letter mask computed from the text.
pub(super) fn encode_row(bytes: &mut Vec<u8>, low: u8, text: &str) -> Result<()> {
    let len = u32::try_from(text.len())
        .map_err(|_| Error::invalid("search", "a record's searchable text is over 4 GB"))?;
    bytes.push(low);
    bytes.extend_from_slice(&row_letters(text).to_le_bytes());
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
    Ok(())
}

/// The rows the records call for, as [`verify`] compares them: how many, and the sum
/// of their fingerprints ([`print`]), whatever their order.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Rows.
    pub rows: u64,
    /// The sum of their fingerprints.
    pub sum: u64,
}

impl Tally {
    /// Counts a row: a record's packed id and its text.
    pub fn add(&mut self, packed: u64, text: &str) {
        self.rows += 1;
        self.sum = self.sum.wrapping_add(print(&[], text, packed));
    }
}

/// A fingerprint (FNV-1a) of `prefix`, `text` and `id`: summed over a table, it stands
/// for the table's rows whatever their order.
pub fn print(prefix: &[u8], text: &str, id: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = prefix
        .iter()
        .copied()
        .chain(text.bytes())
        .chain(std::iter::once(0xff))
        .chain(id.to_le_bytes());
    for b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Compares the stored pages with the rows the records call for (`expected`): every
/// row readable, with the letter mask of its text, and the same rows (by number and
/// fingerprint sum). Reads the pages once and holds none of them.
pub fn verify(snap: &impl Snapshot, expected: &Tally) -> Result<Option<String>> {
    let mut stored = Tally::default();
    let mut problem = None;
    if let Some(t) = snap.table(IDX_SEARCH_PAGE)? {
        for row in t.iter()? {
            let (k, v) = row?;
            raw_rows(k.value(), v.value(), &mut |row| {
                let what = match row.text().ok() {
                    Some(text) if row.letters == row_letters(text) => {
                        stored.add(row.packed, text);
                        return true;
                    }
                    Some(_) => "hold a stale letter mask",
                    None => "hold text that is not UTF-8",
                };
                problem = Some(match RecordId::unpack(row.packed) {
                    Some(rid) => format!("the search pages {what} at {rid}"),
                    None => format!("the search pages hold an unknown record {:#x}", row.packed),
                });
                false
            })?;
            if problem.is_some() {
                return Ok(problem);
            }
        }
    }
    if stored.rows < expected.rows {
        return Ok(Some(format!(
            "the search pages lack {} of the searchable records",
            expected.rows - stored.rows
        )));
    }
    if stored != *expected {
        return Ok(Some(format!(
            "the search pages disagree with the records ({} rows stored, {} called for)",
            stored.rows, expected.rows
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
            assert!(
                rows(
                    0,
                    &[1, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, b'a'],
                    &mut |_, _| true
                )
                .is_err()
            );
            let mut bad = Vec::new();
            encode_row(&mut bad, 1, "a").unwrap();
            bad[13] = 0xff;
            assert!(rows(0, &bad, &mut |_, _| true).is_err());
        }
    }
}
