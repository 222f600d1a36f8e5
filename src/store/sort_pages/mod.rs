//! The sort index ([`super::sort`]) in pages: the entries `(key, id)` of one column
//! `tag`, in order, in runs of up to [`MAX`] bytes per value, each value stored under its
//! first entry `(tag, key, id)`. A page of a list reads one or two values; a bulk load
//! of a column writes a few thousand values instead of inserting a hundred thousand
//! keys, and a single write rewrites the one page its entry falls in (splitting it
//! past [`MAX`] bytes). Kept by [`super::index::EntryTables`] in the same transaction as
//! the records.
//!
//! A page's bytes: the number of entries (u16, little-endian), then for each entry in
//! order its key's length (u16, little-endian), the key, and the id (u64,
//! little-endian).

use std::cmp::Ordering;
use std::ops::Bound::{self, Excluded, Included, Unbounded};

use redb::{ReadableTable, TableDefinition, WriteTransaction};

use super::index::IndexKey;
use crate::error::{Error, Result};

/// (column tag, first entry's key, first entry's id) → the page's entries.
pub const IDX_SORT_PAGE: TableDefinition<(u8, &str, u64), &[u8]> =
    TableDefinition::new("idx_sort_page");

mod columns;
mod legacy;
pub use columns::{SortColumn, SortColumns};
pub use legacy::{LEGACY_IDX_SORT, from_legacy};

/// The bytes a page written in bulk fills up to: one page value to a 4 KiB page of the
/// file, with room for its key.
pub const FULL: usize = 3_800;
/// The bytes past which a page splits (into pages of [`FULL`]).
pub const MAX: usize = 2 * FULL;

/// The bytes an entry takes in a page.
fn size(key: &str) -> usize {
    key.len() + 10
}

/// One entry of a column: its key and record id.
pub type Entry<'a> = (&'a str, u64);

fn damaged(tag: u8, key: &str) -> Error {
    Error::Storage(format!(
        "the sort index page ({tag:#04x}, {key:?}) is damaged; run `rolo doctor --repair`"
    ))
}

/// Encodes entries (in order) as one page.
pub fn encode<S: AsRef<str>>(entries: &[(S, u64)]) -> Vec<u8> {
    let size: usize = entries.iter().map(|(k, _)| k.as_ref().len() + 10).sum();
    let mut out = Vec::with_capacity(2 + size);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    for (k, id) in entries {
        let k = k.as_ref();
        out.extend_from_slice(&(k.len() as u16).to_le_bytes());
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(&id.to_le_bytes());
    }
    out
}

/// How many entries a page holds, from its first two bytes.
fn count(bytes: &[u8]) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes([
        *bytes.first()?,
        *bytes.get(1)?,
    ])))
}

/// The entries of a page; `None` when its bytes are damaged.
pub fn decode(bytes: &[u8]) -> Option<Vec<Entry<'_>>> {
    let n = count(bytes)? as usize;
    let mut out = Vec::with_capacity(n);
    let mut at = 2;
    for _ in 0..n {
        let len = usize::from(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?));
        at += 2;
        let key = std::str::from_utf8(bytes.get(at..at + len)?).ok()?;
        at += len;
        let id = u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?);
        at += 8;
        out.push((key, id));
    }
    (at == bytes.len()).then_some(out)
}

fn page_entries<'a>(tag: u8, first: Entry<'_>, bytes: &'a [u8]) -> Result<Vec<Entry<'a>>> {
    match decode(bytes) {
        Some(e) if e.first().is_some_and(|f| *f == first) => Ok(e),
        _ => Err(damaged(tag, first.0)),
    }
}

/// A bound of a range of page keys.
type PageBound = Bound<(u8, &'static str, u64)>;

/// The key range of one column's pages.
fn column(tag: u8) -> (PageBound, PageBound) {
    (
        Included((tag, "", 0)),
        match tag.checked_add(1) {
            Some(next) => Excluded((next, "", 0)),
            None => Unbounded,
        },
    )
}

/// The first entry of the page that holds `at` (the last page whose first entry is at
/// or before it), else of the column's first page; `None` for an empty column.
fn page_at<T>(t: &T, tag: u8, at: Entry<'_>) -> Result<Option<(String, u64)>>
where
    T: ReadableTable<(u8, &'static str, u64), &'static [u8]>,
{
    let before = t
        .range::<(u8, &str, u64)>((Included((tag, "", 0)), Included((tag, at.0, at.1))))?
        .next_back();
    let row = match before {
        Some(row) => Some(row?),
        None => t.range(column(tag))?.next().transpose()?,
    };
    Ok(row.map(|(k, _)| {
        let (_, key, id) = k.value();
        (key.to_string(), id)
    }))
}

/// Walks the entries of column `tag` from `from` on in order (forward), or from just
/// before `from` backwards; `f` gets each entry and says whether to go on. Returns false
/// when `f` stopped the walk.
pub fn walk<T>(
    t: &T,
    tag: u8,
    from: Bound<Entry<'_>>,
    forward: bool,
    f: &mut dyn FnMut(&str, u64) -> Result<bool>,
) -> Result<bool>
where
    T: ReadableTable<(u8, &'static str, u64), &'static [u8]>,
{
    let start = match from {
        Included(at) | Excluded(at) => page_at(t, tag, at)?,
        Unbounded => None,
    };
    let keep = |e: &Entry<'_>| match (from, forward) {
        (Unbounded, _) => true,
        (Included(at), true) => *e >= at,
        (Excluded(at), true) => *e > at,
        (Included(at), false) => *e <= at,
        (Excluded(at), false) => *e < at,
    };
    let (lo, hi) = column(tag);
    let range = match (&start, forward) {
        (Some((k, id)), true) => {
            t.range::<(u8, &str, u64)>((Included((tag, k.as_str(), *id)), hi))?
        }
        (Some((k, id)), false) => {
            t.range::<(u8, &str, u64)>((lo, Included((tag, k.as_str(), *id))))?
        }
        (None, _) => t.range::<(u8, &str, u64)>((lo, hi))?,
    };
    let mut go = |key: &str, id: u64, bytes: &[u8]| -> Result<bool> {
        let entries = page_entries(tag, (key, id), bytes)?;
        let mut each =
            |e: Entry<'_>| -> Result<bool> { if keep(&e) { f(e.0, e.1) } else { Ok(true) } };
        if forward {
            for e in entries {
                if !each(e)? {
                    return Ok(false);
                }
            }
        } else {
            for e in entries.into_iter().rev() {
                if !each(e)? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    };
    if forward {
        for row in range {
            let (k, v) = row?;
            let (_, key, id) = k.value();
            if !go(key, id, v.value())? {
                return Ok(false);
            }
        }
    } else {
        for row in range.rev() {
            let (k, v) = row?;
            let (_, key, id) = k.value();
            if !go(key, id, v.value())? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// How many entries of column `tag` come before `at` (reads the counts of the pages
/// before its own, and its own page).
pub fn rank<T>(t: &T, tag: u8, at: Entry<'_>) -> Result<u64>
where
    T: ReadableTable<(u8, &'static str, u64), &'static [u8]>,
{
    let Some((key, id)) = page_at(t, tag, at)? else {
        return Ok(0);
    };
    let (lo, _) = column(tag);
    let mut n = 0;
    for row in t.range::<(u8, &str, u64)>((lo, Excluded((tag, key.as_str(), id))))? {
        let (k, v) = row?;
        n += count(v.value()).ok_or_else(|| damaged(tag, k.value().1))?;
    }
    if let Some(v) = t.get((tag, key.as_str(), id))? {
        let entries = page_entries(tag, (&key, id), v.value())?;
        n += entries.iter().filter(|e| **e < at).count() as u64;
    }
    Ok(n)
}

/// Every column's entries in order, with the column's tag: (tag, key, id). For checks
/// and tests; `f` says whether to go on.
pub fn each<T>(t: &T, f: &mut dyn FnMut(u8, &str, u64) -> Result<bool>) -> Result<()>
where
    T: ReadableTable<(u8, &'static str, u64), &'static [u8]>,
{
    let mut prev: Option<(u8, String, u64)> = None;
    for row in t.iter()? {
        let (k, v) = row?;
        let (tag, key, id) = k.value();
        for (k, id) in page_entries(tag, (key, id), v.value())? {
            let ordered = prev
                .as_ref()
                .is_none_or(|(pt, pk, pid)| (*pt, pk.as_str(), *pid) < (tag, k, id));
            if !ordered {
                return Err(damaged(tag, key));
            }
            if !f(tag, k, id)? {
                return Ok(());
            }
            prev = Some((tag, k.to_string(), id));
        }
    }
    Ok(())
}

/// The sort index's pages open for writing.
pub struct SortPages<'t> {
    t: redb::Table<'t, (u8, &'static str, u64), &'static [u8]>,
}

impl<'t> SortPages<'t> {
    /// Opens the pages of a write transaction.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(SortPages {
            t: txn.open_table(IDX_SORT_PAGE)?,
        })
    }

    /// Adds entries of column `tag`, given in order without repeats (an entry already
    /// there stays once).
    pub fn insert(&mut self, tag: u8, entries: &[Entry<'_>]) -> Result<()> {
        let mut rest = entries;
        while let Some(first) = rest.first() {
            let Some((key, id)) = page_at(&self.t, tag, *first)? else {
                // An empty column: the entries fill new pages.
                return self.write(tag, rest, FULL);
            };
            let upto = self.upto(tag, (&key, id), rest)?;
            let (these, later) = rest.split_at(upto);
            let bytes = self.read(tag, (&key, id))?;
            let have = page_entries(tag, (&key, id), &bytes)?;
            let merged = merge(&have, these);
            let bytes: usize = merged.iter().map(|(k, _)| size(k)).sum();
            let per_page = if bytes > MAX { FULL } else { MAX };
            self.rewrite(tag, (&key, id), &merged, per_page)?;
            rest = later;
        }
        Ok(())
    }

    /// Removes entries of column `tag`, given in order without repeats (an entry not
    /// there is passed over).
    pub fn remove(&mut self, tag: u8, entries: &[Entry<'_>]) -> Result<()> {
        let mut rest = entries;
        while let Some(first) = rest.first() {
            let Some((key, id)) = page_at(&self.t, tag, *first)? else {
                return Ok(());
            };
            if *first < (key.as_str(), id) {
                // Before the column's first entry: not there.
                rest = &rest[1..];
                continue;
            }
            let upto = self.upto(tag, (&key, id), rest)?;
            let (these, later) = rest.split_at(upto);
            let bytes = self.read(tag, (&key, id))?;
            let mut have = page_entries(tag, (&key, id), &bytes)?;
            let had = have.len();
            have.retain(|e| these.binary_search(e).is_err());
            if have.len() != had {
                self.rewrite(tag, (&key, id), &have, MAX)?;
            }
            rest = later;
        }
        Ok(())
    }

    /// How many of `entries` (in order) fall in the page whose first entry is `first`:
    /// those before the next page's first entry.
    fn upto(&self, tag: u8, first: Entry<'_>, entries: &[Entry<'_>]) -> Result<usize> {
        if entries.len() == 1 {
            // The first falls in the page by how the page was found.
            return Ok(1);
        }
        let (_, hi) = column(tag);
        let next = self
            .t
            .range::<(u8, &str, u64)>((Excluded((tag, first.0, first.1)), hi))?
            .next()
            .transpose()?;
        Ok(match next {
            Some((k, _)) => {
                let (_, key, id) = k.value();
                entries.partition_point(|e| *e < (key, id))
            }
            None => entries.len(),
        })
    }

    /// A page's bytes.
    fn read(&self, tag: u8, first: Entry<'_>) -> Result<Vec<u8>> {
        let bytes = self
            .t
            .get((tag, first.0, first.1))?
            .map(|v| v.value().to_vec());
        bytes.ok_or_else(|| damaged(tag, first.0))
    }

    /// Replaces the page whose first entry is `first` with `entries` (none: the page
    /// goes), as pages of up to `per_page` bytes; a page that keeps its first entry is
    /// overwritten in place.
    fn rewrite<S: AsRef<str>>(
        &mut self,
        tag: u8,
        first: Entry<'_>,
        entries: &[(S, u64)],
        per_page: usize,
    ) -> Result<()> {
        let same = entries
            .first()
            .is_some_and(|(k, id)| (k.as_ref(), *id) == first);
        if !same {
            self.t.remove((tag, first.0, first.1))?;
        }
        self.write(tag, entries, per_page)
    }

    /// Writes entries (in order) as pages of up to `per_page` bytes (at least one entry
    /// each), each under its first entry.
    fn write<S: AsRef<str>>(
        &mut self,
        tag: u8,
        entries: &[(S, u64)],
        per_page: usize,
    ) -> Result<()> {
        let mut rest = entries;
        while let Some((k, id)) = rest.first() {
            let mut bytes = 2;
            let n = rest
                .iter()
                .take_while(|(k, _)| {
                    bytes += size(k.as_ref());
                    bytes <= per_page
                })
                .count()
                .max(1);
            self.t
                .insert((tag, k.as_ref(), *id), encode(&rest[..n]).as_slice())?;
            rest = &rest[n..];
        }
        Ok(())
    }
}

/// Two ordered runs of entries as one, an entry in both kept once.
fn merge<'a>(a: &[Entry<'a>], b: &[Entry<'a>]) -> Vec<Entry<'a>> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The sort entries among `keys`, by column, each column's in order without repeats
/// (a bulk group comes sorted already: it is taken as it is).
pub fn by_column(keys: &[IndexKey]) -> Vec<(u8, Vec<(&str, u64)>)> {
    let mut all: Vec<(u8, &str, u64)> = keys
        .iter()
        .filter_map(|k| match k {
            IndexKey::Sort(tag, key, id) => Some((*tag, key.as_str(), *id)),
            _ => None,
        })
        .collect();
    if !all.is_sorted() {
        all.sort_unstable();
    }
    all.dedup();
    let mut out: Vec<(u8, Vec<(&str, u64)>)> = Vec::new();
    for (tag, key, id) in all {
        match out.last_mut() {
            Some((t, entries)) if *t == tag => entries.push((key, id)),
            _ => out.push((tag, vec![(key, id)])),
        }
    }
    out
}

#[cfg(test)]
mod tests;
