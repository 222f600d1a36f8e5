//! Contacts and companies tables: which rows show (the `/` filter, fuzzy with the jump
//! picker's syntax: `%company acme`, `'exact`, accents folded), in which order (sortable
//! columns), and the selection, kept on the same record across rebuilds.
//! Built for 100k rows: each record's lower-cased name and search document are cached
//! (rebuilt only when the record or its company changes), the sort runs only when data
//! or the sort column change, and typing a filter only re-filters the sorted ids.

use std::cell::Cell;
use std::collections::HashMap;

use super::data::Data;
use crate::model::{Instant, Kind, RecordId};
use crate::search::{Finder, SearchDoc, query};

/// Which records a table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableKind {
    /// People.
    #[default]
    Contacts,
    /// Organisations.
    Companies,
}

/// Column titles per table; the sortable ones come first.
pub fn columns(kind: TableKind) -> &'static [&'static str] {
    match kind {
        TableKind::Contacts => &[
            "Name",
            "Company",
            "Email",
            "Phone",
            "Owner",
            "Last touch",
            "Lifecycle",
            "Tags",
        ],
        TableKind::Companies => &[
            "Name",
            "Domain",
            "Industry",
            "Location",
            "Owner",
            "Last touch",
            "Contacts",
            "Tags",
        ],
    }
}

/// A record's cached search text and name key.
#[derive(Debug, Clone, Default)]
struct Cached {
    /// When the record (and its company) last changed.
    stamp: (Instant, Option<Instant>),
    /// Length of the lower-cased name at the start of `hay` (the default sort key).
    name_len: usize,
    /// The lower-cased name (and, for companies, other fields after it).
    hay: String,
}

/// A string's first 16 bytes as a big-endian number (orders like the bytes).
fn prefix(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

impl Cached {
    fn name(&self) -> &str {
        self.hay.get(..self.name_len).unwrap_or(&self.hay)
    }
}

/// Lower-cases `hay` (in place when ASCII) and keeps the name's length so the name key
/// is a prefix of it, one allocation per record.
fn cached(stamp: (Instant, Option<Instant>), name: &str, mut hay: String) -> Cached {
    if hay.is_ascii() {
        hay.make_ascii_lowercase();
        Cached {
            stamp,
            name_len: name.len(),
            hay,
        }
    } else {
        let name_len = name.to_lowercase().len();
        Cached {
            stamp,
            name_len,
            hay: hay.to_lowercase(),
        }
    }
}

/// A filtered, sorted table.
#[derive(Debug, Clone, Default)]
pub struct RecordTable {
    /// Contacts or companies.
    pub kind: TableKind,
    /// The filter in the search syntax (fuzzy, `%field` scopes); empty shows all.
    pub filter: String,
    /// Why the filter does not parse (the rows shown stay as they were).
    pub error: Option<String>,
    /// The column sorted by.
    pub sort: usize,
    /// Descending instead of ascending.
    pub reverse: bool,
    /// Record ids in display order (sorted, then filtered).
    pub rows: Vec<u64>,
    /// The selected row.
    pub selected: usize,
    /// The first row drawn, adjusted while drawing.
    pub offset: Cell<usize>,
    /// Contacts per company (companies table only).
    pub counts: HashMap<u64, usize>,
    /// The data changed since the last rebuild.
    pub stale: bool,
    sorted: Vec<u64>,
    cache: HashMap<u64, Cached>,
    /// Search documents by id, with the cache stamp they were built at.
    docs: HashMap<u64, ((Instant, Option<Instant>), SearchDoc)>,
}

impl RecordTable {
    /// A table of `kind`.
    pub fn new(kind: TableKind) -> RecordTable {
        RecordTable {
            kind,
            ..RecordTable::default()
        }
    }

    /// The selected record id.
    pub fn selected_id(&self) -> Option<u64> {
        self.rows.get(self.selected).copied()
    }

    fn refresh_cache(&mut self, data: &Data) {
        let company_stamp =
            |id: Option<u64>| id.and_then(|i| data.companies.get(&i)).map(|c| c.updated);
        match self.kind {
            TableKind::Contacts => {
                self.cache.retain(|id, _| data.contacts.contains_key(id));
                for c in data.contacts.values() {
                    let stamp = (c.updated, company_stamp(c.company));
                    if self.cache.get(&c.id).is_some_and(|x| x.stamp == stamp) {
                        continue;
                    }
                    // The name is the sort key; filters match search documents.
                    self.cache
                        .insert(c.id, cached(stamp, &c.name, c.name.clone()));
                }
            }
            TableKind::Companies => {
                self.cache.retain(|id, _| data.companies.contains_key(id));
                self.counts.clear();
                for c in data.contacts.values() {
                    if let Some(co) = c.company {
                        *self.counts.entry(co).or_default() += 1;
                    }
                }
                for c in data.companies.values() {
                    let stamp = (c.updated, None);
                    if self.cache.get(&c.id).is_some_and(|x| x.stamp == stamp) {
                        continue;
                    }
                    let o = |s: &Option<String>| s.clone().unwrap_or_default();
                    let hay = [
                        c.name.clone(),
                        o(&c.domain),
                        o(&c.industry),
                        o(&c.location),
                        c.owner.clone(),
                        c.tags.join(" "),
                    ]
                    .join("\u{1f}");
                    self.cache.insert(c.id, cached(stamp, &c.name, hay));
                }
            }
        }
    }

    fn sort_key(&self, data: &Data, id: u64) -> String {
        let text = |s: Option<&str>| s.unwrap_or("").to_lowercase();
        let time = |t: Option<Instant>| {
            t.map(|t| format!("{:020}", t.timestamp_millis()))
                .unwrap_or_default()
        };
        match self.kind {
            TableKind::Contacts => {
                let Some(c) = data.contacts.get(&id) else {
                    return String::new();
                };
                match self.sort {
                    1 => text(Some(data.company_name(c.company))),
                    2 => text(c.email()),
                    3 => text(c.phone()),
                    4 => text(Some(&c.owner)),
                    5 => time(c.last_activity),
                    6 => c.lifecycle.as_str().to_string(),
                    _ => c.tags.join(","),
                }
            }
            TableKind::Companies => {
                let Some(c) = data.companies.get(&id) else {
                    return String::new();
                };
                match self.sort {
                    1 => text(c.domain.as_deref()),
                    2 => text(c.industry.as_deref()),
                    3 => text(c.location.as_deref()),
                    4 => text(Some(&c.owner)),
                    5 => time(c.last_activity),
                    6 => format!("{:010}", self.counts.get(&id).copied().unwrap_or(0)),
                    _ => c.tags.join(","),
                }
            }
        }
    }

    /// Rebuilds after data or sort changes: refreshes the cache, sorts, filters.
    pub fn rebuild(&mut self, data: &Data) {
        self.stale = false;
        self.refresh_cache(data);
        let mut sorted: Vec<u64> = if self.sort == 0 {
            // The first 16 bytes of the name as a number: most comparisons never leave
            // this vector (no pointer chasing), which matters at 100k rows.
            let mut keyed: Vec<(u128, &str, u64)> = self
                .cache
                .iter()
                .map(|(id, c)| (prefix(c.name()), c.name(), *id))
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, _, id)| id).collect()
        } else {
            let mut keyed: Vec<(String, &str, u64)> = self
                .cache
                .iter()
                .map(|(id, c)| (self.sort_key(data, *id), c.name(), *id))
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, _, id)| id).collect()
        };
        if self.reverse {
            sorted.reverse();
        }
        self.sorted = sorted;
        self.apply_filter(data);
    }

    /// Builds the search documents of records whose cache entry changed.
    fn refresh_docs(&mut self, data: &Data) {
        let kind = match self.kind {
            TableKind::Contacts => Kind::Contact,
            TableKind::Companies => Kind::Company,
        };
        self.docs.retain(|id, _| self.cache.contains_key(id));
        for (id, c) in &self.cache {
            if self.docs.get(id).is_some_and(|(s, _)| *s == c.stamp) {
                continue;
            }
            if let Some(doc) = super::picker::doc_of(data, RecordId::new(kind, *id)) {
                self.docs.insert(*id, (c.stamp, doc));
            }
        }
    }

    /// Re-filters the sorted rows (after the filter text changed), keeping the selection.
    pub fn apply_filter(&mut self, data: &Data) {
        let keep = self.selected_id();
        self.error = None;
        self.rows = if self.filter.trim().is_empty() {
            self.sorted.clone()
        } else {
            match query::parse(&self.filter) {
                Ok(q) => {
                    self.refresh_docs(data);
                    let finder = Finder::new(&q);
                    let mut matcher = nucleo::Matcher::new(nucleo::Config::DEFAULT);
                    let mut buf = Vec::new();
                    self.sorted
                        .iter()
                        .copied()
                        .filter(|id| {
                            self.docs.get(id).is_some_and(|(_, d)| {
                                finder.score(d, &mut matcher, &mut buf).is_some()
                            })
                        })
                        .collect()
                }
                Err(e) => {
                    // Half-typed (`%`, `%colo`): keep what was shown, minus deleted rows.
                    self.error = Some(e.to_string());
                    let mut rows = std::mem::take(&mut self.rows);
                    rows.retain(|id| self.cache.contains_key(id));
                    rows
                }
            }
        };
        if let Some(id) = keep
            && let Some(i) = self.rows.iter().position(|r| *r == id)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.rows.len().saturating_sub(1));
    }
}
