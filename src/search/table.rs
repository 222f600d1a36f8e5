//! The store's search table held in memory: each row's stored text (short, folded
//! fields; no whole records) kept in one arena string, rows in record-id order, company
//! names resolved by reference, and the combined column assembled in a reused buffer —
//! no allocation per record while matching. `rolo search` reads it once; the TUI keeps
//! one current with [`SearchTable::upsert`] and [`SearchTable::remove`].

use super::companies::CompanyIndex;
use super::doc::{Field, SEP};
use super::letters::{letters, row_letters};
use crate::model::{Kind, RecordId};

/// One row: its record, its text's span in the arena, and the text's letter mask
/// ([`row_letters`]).
#[derive(Debug, Clone, Copy)]
struct Row {
    rid: RecordId,
    start: u32,
    end: u32,
    letters: u64,
}

/// Rows of the search table, their texts packed in one arena string.
#[derive(Debug, Default)]
pub struct SearchTable {
    arena: String,
    /// In record-id order.
    rows: Vec<Row>,
    /// The company rows' ids and name masks, and (at the same places) their rows.
    companies: CompanyIndex,
    company_rows: Vec<u32>,
    /// Arena bytes no row refers to any more (replaced texts).
    garbage: usize,
}

impl SearchTable {
    /// Appends a row read in key order from the store, with its stored letter mask;
    /// [`SearchTable::finish`] indexes the companies once every row is in.
    pub fn push(&mut self, rid: RecordId, text: &str, letters: u64) {
        let start = self.arena.len() as u32;
        self.arena.push_str(text);
        self.rows.push(Row {
            rid,
            start,
            end: self.arena.len() as u32,
            letters,
        });
    }

    /// Indexes the companies after a load with [`SearchTable::push`].
    pub fn finish(&mut self) {
        self.reindex_companies();
    }

    /// Adds or replaces a record's row (a live change).
    pub fn upsert(&mut self, rid: RecordId, text: &str) {
        self.apply(vec![(rid, Some(text.to_string()))]);
    }

    /// Removes a record's row, if present.
    pub fn remove(&mut self, rid: RecordId) {
        self.apply(vec![(rid, None)]);
    }

    fn append(&mut self, rid: RecordId, text: &str) -> Row {
        let start = self.arena.len() as u32;
        self.arena.push_str(text);
        Row {
            rid,
            start,
            end: self.arena.len() as u32,
            letters: row_letters(text),
        }
    }

    /// Applies a batch of live changes (`None`: the record is gone) in one pass: texts
    /// replaced in place, new rows appended and the order restored once, so a sweep's
    /// thousands of new tasks cost one sort, not one shift each.
    pub fn apply(&mut self, changes: Vec<(RecordId, Option<String>)>) {
        let mut added = false;
        let mut removed = false;
        let mut companies_changed = false;
        for (rid, text) in changes {
            companies_changed |= rid.kind == Kind::Company;
            let at = self.rows.binary_search_by(|r| r.rid.cmp(&rid));
            match (at, text) {
                (Ok(i), Some(text)) => {
                    self.garbage += (self.rows[i].end - self.rows[i].start) as usize;
                    self.rows[i] = self.append(rid, &text);
                }
                (Err(_), Some(text)) => {
                    // Appended out of order; the binary search above only sees the sorted
                    // prefix, so a record added twice in one batch is replaced below.
                    let row = self.append(rid, &text);
                    self.rows.push(row);
                    added = true;
                }
                (Ok(i), None) => {
                    let r = self.rows[i];
                    self.garbage += (r.end - r.start) as usize;
                    // Marked with an empty span and dropped below.
                    self.rows[i].start = u32::MAX;
                    removed = true;
                }
                (Err(_), None) => {
                    if let Some(r) = self.rows.iter_mut().rev().find(|r| r.rid == rid) {
                        r.start = u32::MAX;
                        removed = true;
                    }
                }
            }
        }
        if added {
            // Stable, so of two rows of one record the later (newer) one comes last.
            self.rows.sort_by_key(|r| r.rid);
            let mut keep: Vec<Row> = Vec::with_capacity(self.rows.len());
            for r in self.rows.drain(..) {
                match keep.last_mut() {
                    Some(last) if last.rid == r.rid => *last = r,
                    _ => keep.push(r),
                }
            }
            self.rows = keep;
        }
        if removed {
            self.rows.retain(|r| r.start != u32::MAX);
        }
        if added || removed || companies_changed {
            self.reindex_companies();
        }
        self.compact_if_wasteful();
    }

    fn reindex_companies(&mut self) {
        let span = self.span(Some(Kind::Company));
        self.company_rows = (span.start as u32..span.end as u32).collect();
        let names = span.map(|i| {
            let r = self.rows[i];
            let name = self.raw(i).map(|raw| split(raw)[0]).unwrap_or("");
            (r.rid.id, letters(name.as_bytes()))
        });
        self.companies = CompanyIndex::new(names.collect::<Vec<_>>());
    }

    /// Copies the live texts into a fresh arena once more than half of it is garbage.
    fn compact_if_wasteful(&mut self) {
        if self.garbage < 1 << 20 || self.garbage < self.arena.len() / 2 {
            return;
        }
        let mut arena = String::with_capacity(self.arena.len() - self.garbage);
        for r in &mut self.rows {
            let text = self
                .arena
                .get(r.start as usize..r.end as usize)
                .unwrap_or("");
            let start = arena.len() as u32;
            arena.push_str(text);
            r.start = start;
            r.end = arena.len() as u32;
        }
        self.arena = arena;
        self.garbage = 0;
    }

    /// Gives back the room reserved while loading.
    pub fn shrink(&mut self) {
        self.arena.shrink_to_fit();
        self.rows.shrink_to_fit();
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Bytes held (arena, row table and company index), for the memory note.
    pub fn bytes(&self) -> usize {
        self.arena.capacity()
            + self.rows.capacity() * std::mem::size_of::<Row>()
            + self.companies.bytes()
            + self.company_rows.capacity() * 4
    }

    /// The rows holding records of `kind` (all rows for `None`): kinds are contiguous
    /// because rows are in record-id order.
    pub fn span(&self, kind: Option<Kind>) -> std::ops::Range<usize> {
        match kind {
            None => 0..self.rows.len(),
            Some(k) => {
                let lo = self.rows.partition_point(|r| r.rid.kind.tag() < k.tag());
                let hi = self.rows.partition_point(|r| r.rid.kind.tag() <= k.tag());
                lo..hi
            }
        }
    }

    /// The record of row `i`.
    pub fn rid(&self, i: usize) -> Option<RecordId> {
        self.rows.get(i).map(|r| r.rid)
    }

    /// The letter mask of row `i`'s name, emails and tags.
    pub fn letters(&self, i: usize) -> u64 {
        self.rows.get(i).map(|r| r.letters).unwrap_or(0)
    }

    /// The letter mask of the name of row `i`'s company (0 when it has none).
    pub fn company_letters(&self, i: usize) -> u64 {
        let id = self.raw(i).and_then(|raw| company_of(raw.as_bytes()));
        self.companies.letters(self.companies.find(id))
    }

    fn raw(&self, i: usize) -> Option<&str> {
        self.rows
            .get(i)
            .and_then(|r| self.arena.get(r.start as usize..r.end as usize))
    }

    /// Writes row `i`'s text for `field` into `buf` (cleared first).
    pub fn column(&self, i: usize, field: Field, buf: &mut String) {
        buf.clear();
        let Some(raw) = self.raw(i) else {
            return;
        };
        let parts: [&str; 6] = split(raw);
        let company = || {
            self.companies
                .find(company_id(&parts))
                .and_then(|place| self.company_rows.get(place))
                .and_then(|&j| self.raw(j as usize))
                .map(|r| split(r)[0])
                .unwrap_or("")
        };
        assemble(&parts, company, field, buf);
    }
}

/// The company id of a stored row's bytes (its second field), as [`company_id`] reads
/// it from the text, without reading the bytes as text.
pub fn company_of(raw: &[u8]) -> Option<u64> {
    let sep = SEP as u8;
    let start = memchr::memchr(sep, raw)? + 1;
    let field = raw.get(start..)?;
    let field = field.strip_prefix(b"+").unwrap_or(field);
    let mut id: Option<u64> = None;
    for &b in field {
        if b == sep {
            break;
        }
        if !b.is_ascii_digit() {
            return None;
        }
        let n = id.unwrap_or(0).checked_mul(10)?;
        id = Some(n.checked_add(u64::from(b - b'0'))?);
    }
    id
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
        t.push(RecordId::new(Kind::Contact, 1), &text("Jane", Some(7)), 0);
        t.push(RecordId::new(Kind::Company, 7), &text("Acme", Some(7)), 0);
        t.finish();
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

    #[test]
    fn a_stored_company_id_reads_as_the_text_does() {
        for raw in [
            "Jane\u{1f}17\u{1f}j@x.io",
            "Jane\u{1f}\u{1f}j@x.io",
            "Jane\u{1f}+4",
            "Jane\u{1f}+",
            "Jane\u{1f}4x\u{1f}",
            "Jane",
            "Jane\u{1f}99999999999999999999999",
            "山田\u{1f}8",
        ] {
            assert_eq!(
                company_of(raw.as_bytes()),
                company_id(&split(raw)),
                "{raw:?}"
            );
        }
    }
}
