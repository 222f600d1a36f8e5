//! Bulk loading for `rolo demo` and large imports: records and their index entries
//! written through tables opened once, in one transaction, recorded in the change log
//! as a single bulk entry (listing no records, so it cannot be undone).

use redb::{ReadableTable, WriteTransaction};

use super::index::{self, IndexTables, KeyContext};
use super::tables::*;
use super::{Change, EntryKind, Store};
use crate::error::Result;
use crate::model::{Kind, Record};

/// A bulk load in progress; `finish` commits it.
pub struct BulkLoad<'s> {
    store: &'s Store,
    txn: WriteTransaction,
    count: u64,
    /// Names of the companies loaded so far (contacts' "Company" sort key).
    company_names: std::collections::HashMap<u64, String>,
    /// Values of the deals loaded so far (tasks' place in Today's queue).
    deal_values: std::collections::HashMap<u64, i64>,
    /// Queue entries (due day, task) of tasks loaded before their deal, by deal: they
    /// get the deal's value when it is loaded.
    waiting_values: std::collections::HashMap<u64, Vec<(i32, u64)>>,
}

impl Store {
    /// Starts a bulk load (waits for the write lock like any write).
    pub fn bulk(&self) -> Result<BulkLoad<'_>> {
        Ok(BulkLoad {
            store: self,
            txn: self.begin_write()?,
            count: 0,
            company_names: Default::default(),
            deal_values: Default::default(),
            waiting_values: Default::default(),
        })
    }
}

impl BulkLoad<'_> {
    /// Allocates `n` consecutive ids of `kind` and returns the first.
    pub fn reserve_ids(&mut self, kind: Kind, n: u64) -> Result<u64> {
        let key = next_id_key(kind);
        let mut meta = self.txn.open_table(META)?;
        let first = meta.get(key)?.map(|v| v.value()).unwrap_or(1).max(1);
        meta.insert(key, first + n)?;
        Ok(first)
    }

    /// Inserts new records (ids already allocated with `reserve_ids`).
    pub fn insert_all(&mut self, recs: &[Record]) -> Result<()> {
        let Some(first) = recs.first() else {
            return Ok(());
        };
        let mut idx = IndexTables::open(&self.txn)?;
        let mut table = self.txn.open_table(records(first.kind()))?;
        // A contact's company and a task's deal were loaded before it (in this load or
        // earlier).
        let lookup = match first.kind() {
            Kind::Contact => Some(self.txn.open_table(records(Kind::Company))?),
            Kind::Task => Some(self.txn.open_table(records(Kind::Deal))?),
            _ => None,
        };
        let mut sorts = super::sort_pages::SortColumns::default();
        for rec in recs {
            debug_assert_eq!(rec.kind(), first.kind());
            let stored = |id: u64| -> Result<Option<Record>> {
                match lookup.as_ref().map(|t| t.get(id)).transpose()?.flatten() {
                    Some(v) => Ok(Some(decode_record(
                        if first.kind() == Kind::Contact {
                            Kind::Company
                        } else {
                            Kind::Deal
                        },
                        v.value(),
                    )?)),
                    None => Ok(None),
                }
            };
            let cx = match rec {
                Record::Company(c) => {
                    self.company_names.insert(c.id, c.name.clone());
                    KeyContext::default()
                }
                Record::Deal(d) => {
                    self.deal_values.insert(d.id, d.value);
                    for (day, task) in self.waiting_values.remove(&d.id).unwrap_or_default() {
                        idx.set_queue_value(day, task, d.value)?;
                    }
                    KeyContext::default()
                }
                Record::Contact(c) => match c.company {
                    Some(id) => KeyContext::company(match self.company_names.get(&id) {
                        Some(n) => n.clone(),
                        None => match stored(id)? {
                            Some(Record::Company(co)) => co.name,
                            _ => String::new(),
                        },
                    }),
                    None => KeyContext::default(),
                },
                Record::Task(t) => match t.link.filter(|l| l.kind == Kind::Deal) {
                    Some(l) => KeyContext {
                        deal_value: match self.deal_values.get(&l.id) {
                            Some(v) => *v,
                            None => match stored(l.id)? {
                                Some(Record::Deal(d)) => d.value,
                                _ => {
                                    if let (true, Some(due)) = (t.is_open(), t.due) {
                                        use chrono::Datelike;
                                        self.waiting_values
                                            .entry(l.id)
                                            .or_default()
                                            .push((due.date.num_days_from_ce(), t.id));
                                    }
                                    0
                                }
                            },
                        },
                        ..KeyContext::default()
                    },
                    None => KeyContext::default(),
                },
                _ => KeyContext::default(),
            };
            idx.insert(&sorts.set_aside(index::keys(rec, &cx)))?;
            table.insert(rec.id(), encode(rec)?.as_slice())?;
            self.count += 1;
        }
        // The sort entries go in by column, a page at a time, not one by one.
        idx.insert_sorts(sorts)?;
        let all: Vec<&Record> = recs.iter().collect();
        idx.account_new(&all)?;
        idx.finish()
    }

    /// Commits, with one change-log entry summarising the load.
    pub fn finish(self, op: &str, summary: String) -> Result<u64> {
        let no_changes: Vec<Change> = Vec::new();
        let rev = self
            .store
            .append_entry(&self.txn, op, EntryKind::Bulk, summary, no_changes)?;
        self.txn.commit()?;
        Ok(rev)
    }

    /// How many records were inserted.
    pub fn count(&self) -> u64 {
        self.count
    }
}
