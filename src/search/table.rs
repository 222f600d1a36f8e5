//! The store's search table as read by a one-shot search: each row's stored text kept
//! as one string, fields split on demand, company names resolved by reference, and the
//! combined column assembled in a reused buffer — no allocation per record while
//! matching, which is what makes `rolo search` as fast as `fzf --filter`.

use std::collections::HashMap;

use super::doc::{Field, SEP};
use crate::model::{Kind, RecordId};

/// Rows of the search table, their texts packed in one arena string.
#[derive(Debug, Default)]
pub struct SearchTable {
    arena: String,
    rows: Vec<(RecordId, u32, u32)>,
    companies: HashMap<u64, usize>,
}

impl SearchTable {
    /// An empty table with room for `n` rows.
    pub fn with_capacity(n: usize) -> SearchTable {
        SearchTable {
            arena: String::with_capacity(n * 48),
            rows: Vec::with_capacity(n),
            companies: HashMap::new(),
        }
    }

    /// Appends a row (read in key order from the store).
    pub fn push(&mut self, rid: RecordId, text: &str) {
        let start = self.arena.len() as u32;
        self.arena.push_str(text);
        if rid.kind == Kind::Company {
            self.companies.insert(rid.id, self.rows.len());
        }
        self.rows.push((rid, start, self.arena.len() as u32));
    }

    /// How many records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
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
            parts[1]
                .parse::<u64>()
                .ok()
                .and_then(|c| self.companies.get(&c))
                .and_then(|&j| self.raw(j))
                .map(|r| split(r)[0])
                .unwrap_or("")
        };
        match field {
            Field::All => {
                for s in [parts[0], company(), parts[2], parts[4]] {
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
}

/// The six stored fields: name, company id, emails, phones, tags, owner.
fn split(raw: &str) -> [&str; 6] {
    let mut out = [""; 6];
    for (slot, part) in out.iter_mut().zip(raw.split(SEP)) {
        *slot = part;
    }
    out
}
