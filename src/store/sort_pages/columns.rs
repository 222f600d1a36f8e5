//! New sort entries gathered by column for a bulk write (an import, a demo or backup
//! load, an index rebuild): each column's keys are copied into one text buffer beside a
//! fixed-size slot per entry, sorted once by slot, and written a page at a time. A
//! hundred thousand contacts give nine hundred thousand sort entries; held this way they
//! are a few large allocations instead of a string each, and sorting moves 32-byte
//! slots instead of whole index entries.

use std::cmp::Ordering;

use super::{Entry, SortPages};
use crate::error::Result;
use crate::store::index::IndexKey;

/// One column's gathered entries (or a part of them: a column whose text outgrows a
/// `u32` offset goes on in a second part; parts of one column are written one after
/// the other, each merging into the pages like any insert).
#[derive(Debug, Default)]
pub struct SortColumn {
    tag: u8,
    text: String,
    slots: Vec<Slot>,
}

/// An entry: the first 16 bytes of its key (zero-padded, read big-endian, so that two
/// keys whose prefixes differ order as their prefixes do), where the whole key sits in
/// the text, and the record id.
#[derive(Debug, Clone, Copy)]
struct Slot {
    prefix: u128,
    at: u32,
    len: u32,
    id: u64,
}

impl SortColumn {
    fn new(tag: u8) -> Self {
        SortColumn {
            tag,
            ..SortColumn::default()
        }
    }

    /// The column's tag.
    pub fn tag(&self) -> u8 {
        self.tag
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether `key` still fits behind a `u32` offset.
    fn has_room(&self, key: &str) -> bool {
        u32::try_from(self.text.len() + key.len()).is_ok()
    }

    fn push(&mut self, key: &str, id: u64) {
        let mut first = [0u8; 16];
        let n = key.len().min(16);
        first[..n].copy_from_slice(&key.as_bytes()[..n]);
        // `has_room` was asked first: both fit in a u32.
        let at = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        let len = u32::try_from(key.len()).unwrap_or(u32::MAX);
        self.text.push_str(key);
        self.slots.push(Slot {
            prefix: u128::from_be_bytes(first),
            at,
            len,
            id,
        });
    }

    fn key(&self, s: &Slot) -> &str {
        let from = s.at as usize;
        self.text
            .get(from..from + s.len as usize)
            .unwrap_or_default()
    }

    /// Puts the entries in column order (key, then id) and drops repeats.
    pub fn sort(&mut self) {
        let mut slots = std::mem::take(&mut self.slots);
        let order = |a: &Slot, b: &Slot| -> Ordering {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| self.key(a).cmp(self.key(b)))
                .then(a.id.cmp(&b.id))
        };
        slots.sort_unstable_by(order);
        slots.dedup_by(|a, b| order(a, b) == Ordering::Equal);
        self.slots = slots;
    }

    /// The entries in the order they were pushed (in column order after [`Self::sort`]).
    pub fn entries(&self) -> Vec<Entry<'_>> {
        self.slots.iter().map(|s| (self.key(s), s.id)).collect()
    }
}

/// The sort entries of a bulk write, by column.
#[derive(Debug, Default)]
pub struct SortColumns {
    columns: Vec<SortColumn>,
}

impl SortColumns {
    /// Adds one entry of column `tag`.
    pub fn add(&mut self, tag: u8, key: &str, id: u64) {
        let at = self
            .columns
            .iter()
            .rposition(|c| c.tag == tag && c.has_room(key));
        let column = match at {
            Some(i) => &mut self.columns[i],
            None => {
                self.columns.push(SortColumn::new(tag));
                let last = self.columns.len() - 1;
                &mut self.columns[last]
            }
        };
        column.push(key, id);
    }

    /// Moves the sort entries of `keys` here and returns the others.
    pub fn set_aside(&mut self, keys: Vec<IndexKey>) -> Vec<IndexKey> {
        let mut other = Vec::with_capacity(keys.len());
        for k in keys {
            match k {
                IndexKey::Sort(tag, key, id) => self.add(tag, &key, id),
                k => other.push(k),
            }
        }
        other
    }

    /// How many entries are gathered.
    pub fn len(&self) -> usize {
        self.columns.iter().map(SortColumn::len).sum()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.columns.iter().all(SortColumn::is_empty)
    }

    /// The columns, each still to be sorted, in tag order.
    pub fn into_columns(mut self) -> Vec<SortColumn> {
        self.columns.sort_by_key(|c| c.tag);
        self.columns
    }

    /// Sorts each column and inserts it into the pages, a page at a time.
    pub fn write(self, pages: &mut SortPages<'_>) -> Result<()> {
        for mut column in self.into_columns() {
            column.sort();
            pages.insert(column.tag, &column.entries())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_sorts_like_its_entries_and_drops_repeats() {
        let keys = [
            ("müller", 3),
            ("a", 9),
            ("abcdefghijklmnopq", 2),
            ("abcdefghijklmnop", 5),
            ("abcdefghijklmnopa", 1),
            ("", 4),
            ("a", 9),
            ("a\u{0}", 7),
            ("a", 1),
        ];
        let mut columns = SortColumns::default();
        for (k, id) in keys {
            columns.add(2, k, id);
            columns.add(0, k, id + 100);
        }
        assert_eq!(columns.len(), 18);
        let columns = columns.into_columns();
        assert_eq!(columns.iter().map(|c| c.tag()).collect::<Vec<_>>(), [0, 2]);
        let mut want: Vec<Entry<'_>> = keys.to_vec();
        want.sort_unstable();
        want.dedup();
        for mut c in columns {
            c.sort();
            let bump = if c.tag() == 0 { 100 } else { 0 };
            let got: Vec<Entry<'_>> = c
                .entries()
                .into_iter()
                .map(|(k, id)| (k, id - bump))
                .collect();
            assert_eq!(got, want, "column {}", c.tag());
        }
    }

    #[test]
    fn set_aside_keeps_the_other_entries_in_order() {
        let mut columns = SortColumns::default();
        let other = columns.set_aside(vec![
            IndexKey::Link(1, 2),
            IndexKey::Sort(4, "x".into(), 1),
            IndexKey::Owner("sam".into(), 3),
        ]);
        assert_eq!(
            other,
            vec![IndexKey::Link(1, 2), IndexKey::Owner("sam".into(), 3)]
        );
        assert_eq!(columns.len(), 1);
    }
}
