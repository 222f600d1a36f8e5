//! A streaming index for the TUI: records are pushed as they load (the first frame never
//! waits), the query is re-parsed on each keystroke, and `tick` runs once per frame.
//! nucleo cannot remove items, so an edited or deleted record's old item is marked stale
//! and skipped; the index is rebuilt when stale items pile up.

use std::collections::HashMap;
use std::sync::Arc;

use nucleo::pattern::{CaseMatching, Normalization};
use nucleo::{Config, Nucleo};

use super::doc::{COLUMNS, SearchDoc};
use super::query::Query;
use crate::model::{Kind, RecordId};

/// An item in the matcher: the record and the generation it was pushed at.
#[derive(Debug, Clone, Copy)]
struct Item {
    rid: RecordId,
    generation: u64,
}

/// A live fuzzy index over records.
pub struct LiveIndex {
    nucleo: Nucleo<Item>,
    current: HashMap<RecordId, u64>,
    docs: HashMap<RecordId, SearchDoc>,
    next_generation: u64,
    stale: usize,
    kind: Option<Kind>,
    query: Query,
}

impl LiveIndex {
    /// An empty index; `notify` is called (from a worker thread) when results change.
    pub fn new(notify: Arc<dyn Fn() + Sync + Send>) -> LiveIndex {
        LiveIndex {
            nucleo: Nucleo::new(Config::DEFAULT, notify, None, COLUMNS as u32),
            current: HashMap::new(),
            docs: HashMap::new(),
            next_generation: 0,
            stale: 0,
            kind: None,
            query: Query::default(),
        }
    }

    /// Adds or replaces a record's document.
    pub fn upsert(&mut self, doc: SearchDoc) {
        if self.current.contains_key(&doc.rid) {
            self.stale += 1;
        }
        self.next_generation += 1;
        let item = Item {
            rid: doc.rid,
            generation: self.next_generation,
        };
        self.current.insert(doc.rid, item.generation);
        let columns = doc.columns.clone();
        self.nucleo.injector().push(item, move |_, cols| {
            for (dst, src) in cols.iter_mut().zip(columns) {
                *dst = src.into();
            }
        });
        self.docs.insert(doc.rid, doc);
        if self.stale > 1000 && self.stale > self.current.len() / 5 {
            self.rebuild();
        }
    }

    /// Removes a record.
    pub fn remove(&mut self, rid: RecordId) {
        if self.current.remove(&rid).is_some() {
            self.docs.remove(&rid);
            self.stale += 1;
        }
    }

    /// The document of a record, if indexed.
    pub fn doc(&self, rid: RecordId) -> Option<&SearchDoc> {
        self.docs.get(&rid)
    }

    fn rebuild(&mut self) {
        self.nucleo.restart(true);
        self.stale = 0;
        let docs: Vec<SearchDoc> = self.docs.values().cloned().collect();
        self.current.clear();
        for d in docs {
            self.upsert(d);
        }
        let q = self.query.clone();
        self.set_query(&q);
    }

    /// Sets the query (call on every keystroke).
    pub fn set_query(&mut self, q: &Query) {
        for col in 0..COLUMNS {
            let old = &self.query.columns[col];
            let new = &q.columns[col];
            let append = new.starts_with(old.as_str()) && !old.ends_with('\\');
            self.nucleo.pattern.reparse(
                col,
                new,
                CaseMatching::Ignore,
                Normalization::Smart,
                append,
            );
        }
        self.kind = q.kind;
        self.query = q.clone();
    }

    /// Lets the matcher work for at most `ms` milliseconds; true while still running.
    pub fn tick(&mut self, ms: u64) -> bool {
        self.nucleo.tick(ms).running
    }

    /// How many records are indexed.
    pub fn len(&self) -> usize {
        self.current.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.current.is_empty()
    }

    /// The best `limit` current matches, best first, skipping stale items and other kinds.
    pub fn top(&self, limit: usize) -> Vec<RecordId> {
        let snap = self.nucleo.snapshot();
        let mut out = Vec::with_capacity(limit);
        let count = snap.matched_item_count();
        let mut start = 0;
        while out.len() < limit && start < count {
            let end = (start + (limit as u32) * 2).min(count);
            for item in snap.matched_items(start..end) {
                let it = item.data;
                if self.current.get(&it.rid) == Some(&it.generation)
                    && self.kind.is_none_or(|k| k == it.rid.kind)
                {
                    out.push(it.rid);
                    if out.len() >= limit {
                        break;
                    }
                }
            }
            start = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Record};
    use crate::search::query::parse;

    fn doc(id: u64, name: &str) -> SearchDoc {
        SearchDoc::of(
            &Record::Contact(Contact {
                id,
                name: name.into(),
                ..Contact::default()
            }),
            |_| None,
        )
        .unwrap()
    }

    fn settle(ix: &mut LiveIndex) {
        while ix.tick(10) {}
    }

    #[test]
    fn a_renamed_record_is_found_by_its_new_name_only() {
        let mut ix = LiveIndex::new(Arc::new(|| {}));
        ix.upsert(doc(1, "Jane Doe"));
        ix.upsert(doc(2, "Jürgen Müller"));
        ix.set_query(&parse("jane").unwrap());
        settle(&mut ix);
        assert_eq!(ix.top(10), vec![RecordId::new(Kind::Contact, 1)]);
        ix.upsert(doc(1, "Janet Smith"));
        ix.set_query(&parse("doe").unwrap());
        settle(&mut ix);
        assert!(ix.top(10).is_empty());
        ix.set_query(&parse("smith").unwrap());
        settle(&mut ix);
        assert_eq!(ix.top(10), vec![RecordId::new(Kind::Contact, 1)]);
        ix.remove(RecordId::new(Kind::Contact, 1));
        settle(&mut ix);
        assert!(ix.top(10).is_empty());
    }
}
