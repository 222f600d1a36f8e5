//! Secondary index entries derived from a record. Every write removes the old record's
//! entries and inserts the new one's, in the same transaction, so indexes never drift.

use redb::{ReadableTable, WriteTransaction};

use super::tables::*;
use crate::error::Result;
use crate::model::{Kind, Record, RecordId};

/// One entry in one index table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexKey {
    /// Email → contact.
    Email(String, u64),
    /// (linked-to, linking), packed record ids.
    Link(u64, u64),
    /// (record, time, activity).
    Timeline(u64, i64, u64),
    /// (time, activity).
    ActivityTime(i64, u64),
    /// (pipeline, stage, deal).
    Stage(u64, u32, u64),
    /// (due day, task).
    Due(i32, u64),
    /// External id → activity.
    External(String, u64),
    /// Record → searchable text.
    Search(u64, String),
    /// (owner, record).
    Owner(String, u64),
}

/// Normalises an email for lookup: trimmed and lower-cased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The index entries a record should have.
pub fn keys(rec: &Record) -> Vec<IndexKey> {
    use chrono::Datelike;
    let mut out = Vec::new();
    let packed = |k: Kind, id: u64| RecordId::new(k, id).packed();
    if let Some(parts) = crate::search::Parts::of(rec) {
        out.push(IndexKey::Search(rec.rid().packed(), parts.encode()));
    }
    let owner = match rec {
        Record::Contact(c) => Some(&c.owner),
        Record::Company(c) => Some(&c.owner),
        Record::Deal(d) => Some(&d.owner),
        Record::Task(t) => Some(&t.assignee),
        _ => None,
    };
    if let Some(o) = owner.filter(|o| !o.is_empty()) {
        out.push(IndexKey::Owner(o.clone(), rec.rid().packed()));
    }
    match rec {
        Record::Contact(c) => {
            for e in &c.emails {
                out.push(IndexKey::Email(email_key(&e.value), c.id));
            }
            if let Some(co) = c.company {
                out.push(IndexKey::Link(
                    packed(Kind::Company, co),
                    packed(Kind::Contact, c.id),
                ));
            }
        }
        Record::Deal(d) => {
            let me = packed(Kind::Deal, d.id);
            out.push(IndexKey::Stage(d.pipeline, d.stage, d.id));
            if let Some(co) = d.company {
                out.push(IndexKey::Link(packed(Kind::Company, co), me));
            }
            for c in &d.contacts {
                out.push(IndexKey::Link(packed(Kind::Contact, *c), me));
            }
        }
        Record::Activity(a) => {
            let at = a.at.timestamp_millis();
            out.push(IndexKey::ActivityTime(at, a.id));
            for c in &a.contacts {
                out.push(IndexKey::Timeline(packed(Kind::Contact, *c), at, a.id));
            }
            if let Some(co) = a.company {
                out.push(IndexKey::Timeline(packed(Kind::Company, co), at, a.id));
            }
            if let Some(d) = a.deal {
                out.push(IndexKey::Timeline(packed(Kind::Deal, d), at, a.id));
            }
            if let Some(x) = &a.external_id {
                out.push(IndexKey::External(x.clone(), a.id));
            }
        }
        Record::Task(t) => {
            if let Some(link) = t.link {
                out.push(IndexKey::Link(link.packed(), packed(Kind::Task, t.id)));
            }
            if let (Some(due), true) = (t.due, t.is_open()) {
                out.push(IndexKey::Due(due.date.num_days_from_ce(), t.id));
            }
        }
        Record::Company(_) | Record::Pipeline(_) | Record::Rule(_) => {}
    }
    out
}

/// Opened index tables, so a bulk load opens each once.
pub struct IndexTables<'t> {
    email: redb::Table<'t, &'static str, u64>,
    link: redb::Table<'t, (u64, u64), ()>,
    timeline: redb::Table<'t, (u64, i64, u64), ()>,
    activity_time: redb::Table<'t, (i64, u64), ()>,
    stage: redb::Table<'t, (u64, u32, u64), ()>,
    due: redb::Table<'t, (i32, u64), ()>,
    external: redb::Table<'t, &'static str, u64>,
    search: redb::Table<'t, u64, &'static str>,
    owner: redb::Table<'t, (&'static str, u64), ()>,
}

impl<'t> IndexTables<'t> {
    /// Opens every index table of the transaction.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(IndexTables {
            email: txn.open_table(IDX_EMAIL)?,
            link: txn.open_table(IDX_LINK)?,
            timeline: txn.open_table(IDX_TIMELINE)?,
            activity_time: txn.open_table(IDX_ACTIVITY_TIME)?,
            stage: txn.open_table(IDX_STAGE)?,
            due: txn.open_table(IDX_DUE)?,
            external: txn.open_table(IDX_EXTERNAL)?,
            search: txn.open_table(IDX_SEARCH)?,
            owner: txn.open_table(IDX_OWNER)?,
        })
    }

    /// Adds the entries.
    pub fn insert(&mut self, keys: &[IndexKey]) -> Result<()> {
        for k in keys {
            match k {
                IndexKey::Email(e, id) => {
                    self.email.insert(e.as_str(), id)?;
                }
                IndexKey::Link(a, b) => {
                    self.link.insert((*a, *b), ())?;
                }
                IndexKey::Timeline(r, t, a) => {
                    self.timeline.insert((*r, *t, *a), ())?;
                }
                IndexKey::ActivityTime(t, a) => {
                    self.activity_time.insert((*t, *a), ())?;
                }
                IndexKey::Stage(p, s, d) => {
                    self.stage.insert((*p, *s, *d), ())?;
                }
                IndexKey::Due(day, t) => {
                    self.due.insert((*day, *t), ())?;
                }
                IndexKey::External(x, id) => {
                    self.external.insert(x.as_str(), id)?;
                }
                IndexKey::Search(rid, text) => {
                    self.search.insert(*rid, text.as_str())?;
                }
                IndexKey::Owner(name, rid) => {
                    self.owner.insert((name.as_str(), *rid), ())?;
                }
            }
        }
        Ok(())
    }

    /// Removes the entries; a unique key (email, external id) is removed only while it
    /// still points at the same record.
    pub fn remove(&mut self, keys: &[IndexKey]) -> Result<()> {
        for k in keys {
            match k {
                IndexKey::Email(e, id) => {
                    let current = self.email.get(e.as_str())?.map(|v| v.value());
                    if current == Some(*id) {
                        self.email.remove(e.as_str())?;
                    }
                }
                IndexKey::Link(a, b) => {
                    self.link.remove((*a, *b))?;
                }
                IndexKey::Timeline(r, t, a) => {
                    self.timeline.remove((*r, *t, *a))?;
                }
                IndexKey::ActivityTime(t, a) => {
                    self.activity_time.remove((*t, *a))?;
                }
                IndexKey::Stage(p, s, d) => {
                    self.stage.remove((*p, *s, *d))?;
                }
                IndexKey::Due(day, t) => {
                    self.due.remove((*day, *t))?;
                }
                IndexKey::External(x, id) => {
                    let current = self.external.get(x.as_str())?.map(|v| v.value());
                    if current == Some(*id) {
                        self.external.remove(x.as_str())?;
                    }
                }
                IndexKey::Search(rid, _) => {
                    self.search.remove(*rid)?;
                }
                IndexKey::Owner(name, rid) => {
                    self.owner.remove((name.as_str(), *rid))?;
                }
            }
        }
        Ok(())
    }
}
