//! The store's search table held in memory: each row's stored text (short, folded
//! fields; no whole records) kept in one arena string, rows in record-id order, company
//! names resolved by reference, and the combined column assembled in a reused buffer —
//! no allocation per record while matching. `rolo search` reads it once; the TUI keeps
//! one current with [`SearchTable::upsert`] and [`SearchTable::remove`].

use std::collections::HashMap;

use super::doc::{Field, SEP};
use crate::model::{Kind, RecordId};

/// Rows of the search table, their texts packed in one arena string.
#[derive(Debug, Default)]
pub struct SearchTable {
    arena: String,
    /// (record, start, end) in record-id order.
    rows: Vec<(RecordId, u32, u32)>,
    /// Company id → its row.
    companies: HashMap<u64, u32>,
    /// Arena bytes no row refers to any more (replaced texts).
    garbage: usize,
}

impl SearchTable {
    /// An empty table with room for `n` rows.
    pub fn with_capacity(n: usize) -> SearchTable {
        SearchTable {
            arena: String::with_capacity(n * 48),
            rows: Vec::with_capacity(n),
            companies: HashMap::new(),
            garbage: 0,
        }
    }

    /// Appends a row (read in key order from the store).
    pub fn push(&mut self, rid: RecordId, text: &str) {
        let start = self.arena.len() as u32;
        self.arena.push_str(text);
        if rid.kind == Kind::Company {
            self.companies.insert(rid.id, self.rows.len() as u32);
        }
        self.rows.push((rid, start, self.arena.len() as u32));
    }

    /// Adds or replaces a record's row (a live change).
    pub fn upsert(&mut self, rid: RecordId, text: &str) {
        self.apply(vec![(rid, Some(text.to_string()))]);
    }

    /// Removes a record's row, if present.
    pub fn remove(&mut self, rid: RecordId) {
        self.apply(vec![(rid, None)]);
    }

    /// Applies a batch of live changes (`None`: the record is gone) in one pass: texts
    /// replaced in place, new rows appended and the order restored once, so a sweep's
    /// thousands of new tasks cost one sort, not one shift each.
    pub fn apply(&mut self, changes: Vec<(RecordId, Option<String>)>) {
        let mut added = false;
        let mut removed = false;
        for (rid, text) in changes {
            let at = self.rows.binary_search_by(|r| r.0.cmp(&rid));
            match (at, text) {
                (Ok(i), Some(text)) => {
                    self.garbage += (self.rows[i].2 - self.rows[i].1) as usize;
                    let start = self.arena.len() as u32;
                    self.arena.push_str(&text);
                    self.rows[i] = (rid, start, self.arena.len() as u32);
                }
                (Err(_), Some(text)) => {
                    // Appended out of order; the binary search above only sees the sorted
                    // prefix, so a record added twice in one batch is replaced below.
                    let start = self.arena.len() as u32;
                    self.arena.push_str(&text);
                    self.rows.push((rid, start, self.arena.len() as u32));
                    added = true;
                }
                (Ok(i), None) => {
                    let (_, a, b) = self.rows[i];
                    self.garbage += (b - a) as usize;
                    // Marked with an empty span and dropped below.
                    self.rows[i].1 = u32::MAX;
                    removed = true;
                }
                (Err(_), None) => {
                    if let Some(r) = self.rows.iter_mut().rev().find(|r| r.0 == rid) {
                        r.1 = u32::MAX;
                        removed = true;
                    }
                }
            }
        }
        if added {
            // Stable, so of two rows of one record the later (newer) one comes last.
            self.rows.sort_by_key(|r| r.0);
            let mut keep: Vec<(RecordId, u32, u32)> = Vec::with_capacity(self.rows.len());
            for r in self.rows.drain(..) {
                match keep.last_mut() {
                    Some(last) if last.0 == r.0 => *last = r,
                    _ => keep.push(r),
                }
            }
            self.rows = keep;
        }
        if removed {
            self.rows.retain(|r| r.1 != u32::MAX);
        }
        if added || removed {
            self.reindex_companies();
        }
        self.compact_if_wasteful();
    }

    fn reindex_companies(&mut self) {
        self.companies = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.0.kind == Kind::Company)
            .map(|(i, r)| (r.0.id, i as u32))
            .collect();
    }

    /// Copies the live texts into a fresh arena once more than half of it is garbage.
    fn compact_if_wasteful(&mut self) {
        if self.garbage < 1 << 20 || self.garbage < self.arena.len() / 2 {
            return;
        }
        let mut arena = String::with_capacity(self.arena.len() - self.garbage);
        for r in &mut self.rows {
            let text = self.arena.get(r.1 as usize..r.2 as usize).unwrap_or("");
            let start = arena.len() as u32;
            arena.push_str(text);
            *r = (r.0, start, arena.len() as u32);
        }
        self.arena = arena;
        self.garbage = 0;
    }

    /// Gives back the room reserved while loading.
    pub fn shrink(&mut self) {
        self.arena.shrink_to_fit();
        self.rows.shrink_to_fit();
        self.companies.shrink_to_fit();
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Bytes held (arena and row table), for the memory note.
    pub fn bytes(&self) -> usize {
        self.arena.capacity()
            + self.rows.capacity() * std::mem::size_of::<(RecordId, u32, u32)>()
            + self.companies.capacity() * 16
    }

    /// The rows holding records of `kind` (all rows for `None`): kinds are contiguous
    /// because rows are in record-id order.
    pub fn span(&self, kind: Option<Kind>) -> std::ops::Range<usize> {
        match kind {
            None => 0..self.rows.len(),
            Some(k) => {
                let lo = self.rows.partition_point(|r| r.0.kind.tag() < k.tag());
                let hi = self.rows.partition_point(|r| r.0.kind.tag() <= k.tag());
                lo..hi
            }
        }
    }

    /// The record of row `i`.
    pub fn rid(&self, i: usize) -> Option<RecordId> {
        self.rows.get(i).map(|r| r.0)
    }

    fn raw(&self, i: usize) -> Option<&str> {
        self.rows
            .get(i)
            .and_then(|&(_, a, b)| self.arena.get(a as usize..b as usize))
    }

    /// Writes row `i`'s text for `field` into `buf` (cleared first).
    pub fn column(&self, i: usize, field: Field, buf: &mut String) {
        buf.clear();
        let Some(raw) = self.raw(i) else {
            return;
        };
        let parts: [&str; 6] = split(raw);
        let company = || {
            company_id(&parts)
                .and_then(|c| self.companies.get(&c))
                .and_then(|&j| self.raw(j as usize))
                .map(|r| split(r)[0])
                .unwrap_or("")
        };
        assemble(&parts, company, field, buf);
    }
}

/// The six stored fields: name, company id, emails, phones, tags, owner.
pub fn split(raw: &str) -> [&str; 6] {
    let mut out = [""; 6];
    // SEP is one ASCII byte: cutting at its positions keeps every piece valid text.
    let mut rest = raw;
    for slot in out.iter_mut() {
        match memchr::memchr(SEP as u8, rest.as_bytes()) {
            Some(at) => {
                *slot = rest.get(..at).unwrap_or("");
                rest = rest.get(at + 1..).unwrap_or("");
            }
            None => {
                *slot = rest;
                break;
            }
        }
    }
    out
}

/// The company id of a stored row's fields.
pub fn company_id(parts: &[&str; 6]) -> Option<u64> {
    parts[1].parse::<u64>().ok()
}

/// The stored fields whose text, joined by spaces, makes up `field`; `company` stands
/// for the row's company name.
pub fn pieces<'p>(parts: &[&'p str; 6], company: &'p str, field: Field) -> ([&'p str; 4], usize) {
    match field {
        Field::All => ([parts[0], company, parts[2], parts[4]], 4),
        Field::Name => ([parts[0], "", "", ""], 1),
        Field::Company => ([company, "", "", ""], 1),
        Field::Email => ([parts[2], "", "", ""], 1),
        Field::Phone => ([parts[3], "", "", ""], 1),
        Field::Tag => ([parts[4], "", "", ""], 1),
        Field::Owner => ([parts[5], "", "", ""], 1),
    }
}

/// Writes the text of `field` from a row's stored fields into `buf`; `company` gives
/// the row's company name (asked only for the fields that show it).
pub fn assemble<'c>(
    parts: &[&str; 6],
    company: impl FnOnce() -> &'c str,
    field: Field,
    buf: &mut String,
) {
    buf.clear();
    match field {
        Field::All => {
            let company = company();
            for s in [parts[0], company, parts[2], parts[4]] {
                if !s.is_empty() {
                    if !buf.is_empty() {
                        buf.push(' ');
                    }
                    buf.push_str(s);
                }
            }
        }
        Field::Name => buf.push_str(parts[0]),
        Field::Company => buf.push_str(company()),
        Field::Email => buf.push_str(parts[2]),
        Field::Phone => buf.push_str(parts[3]),
        Field::Tag => buf.push_str(parts[4]),
        Field::Owner => buf.push_str(parts[5]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Parts;

    fn text(name: &str, company: Option<u64>) -> String {
        Parts {
            name: name.into(),
            company,
            ..Parts::default()
        }
        .encode()
    }

    #[test]
    fn live_changes_keep_rows_ordered_and_company_names_resolved() {
        let mut t = SearchTable::default();
        t.push(RecordId::new(Kind::Contact, 1), &text("Jane", Some(7)));
        t.push(RecordId::new(Kind::Company, 7), &text("Acme", Some(7)));
        let mut buf = String::new();
        t.column(0, Field::Company, &mut buf);
        assert_eq!(buf, "Acme");
        t.upsert(RecordId::new(Kind::Contact, 2), &text("Joe", Some(7)));
        t.upsert(RecordId::new(Kind::Company, 7), &text("Acme Corp", Some(7)));
        assert_eq!(t.span(Some(Kind::Contact)), 0..2);
        assert_eq!(t.span(Some(Kind::Company)), 2..3);
        t.column(1, Field::All, &mut buf);
        assert_eq!(buf, "Joe Acme Corp");
        t.remove(RecordId::new(Kind::Contact, 1));
        assert_eq!(t.rid(0), Some(RecordId::new(Kind::Contact, 2)));
        t.column(0, Field::Company, &mut buf);
        assert_eq!(buf, "Acme Corp");
        assert_eq!(t.span(Some(Kind::Deal)), 2..2);
    }
}
