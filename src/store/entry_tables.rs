//! The tables of index entries ([`IndexKey`]) of a write transaction, opened once:
//! inserting and removing a record's entries, table by table (the sort index through
//! its pages, the search index a page at a time).

use redb::{ReadableTable, WriteTransaction};

use super::index::{Group, IndexKey};
use super::tables::*;
use crate::error::Result;

/// The tables of index entries ([`IndexKey`]).
pub struct EntryTables<'t> {
    email: redb::Table<'t, &'static str, u64>,
    link: redb::Table<'t, (u64, u64), ()>,
    waiting: redb::Table<'t, (u64, u64), ()>,
    timeline: redb::Table<'t, (u64, i64, u64), ()>,
    activity_time: redb::Table<'t, (i64, u64), ()>,
    stage: redb::Table<'t, (u64, u32, u64), ()>,
    due: redb::Table<'t, (i32, u64), ()>,
    external: redb::Table<'t, &'static str, u64>,
    owner: redb::Table<'t, (&'static str, u64), ()>,
    card: redb::Table<'t, (u64, u32, i64, u64), ()>,
    pub(super) sort: super::sort_pages::SortPages<'t>,
    queue: redb::Table<'t, (i32, u64), (u8, i64, &'static str, u32)>,
    ticket_queue: redb::Table<'t, (i64, u64), (u8, u8, &'static str, u8)>,
    ticket_solved: redb::Table<'t, (i64, u64), ()>,
    ticket_facts: redb::Table<'t, u64, &'static [u8]>,
    deal_facts: redb::Table<'t, u64, &'static [u8]>,
    search_page: redb::Table<'t, u64, &'static [u8]>,
    /// Search rows waiting to be written to their page ([`super::search_pages`]).
    pending: super::search_pages::Pending,
}

impl Drop for EntryTables<'_> {
    /// A safety net for a caller that did not [`EntryTables::finish`]: the waiting page
    /// is written here, where an error cannot be reported (`rolo doctor` would find the
    /// page stale).
    fn drop(&mut self) {
        let _ = self.pending.flush(&mut self.search_page);
    }
}

impl<'t> EntryTables<'t> {
    /// Opens every entry table of the transaction.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(EntryTables {
            email: txn.open_table(IDX_EMAIL)?,
            link: txn.open_table(IDX_LINK)?,
            waiting: txn.open_table(IDX_WAITING)?,
            timeline: txn.open_table(IDX_TIMELINE)?,
            activity_time: txn.open_table(IDX_ACTIVITY_TIME)?,
            stage: txn.open_table(IDX_STAGE)?,
            due: txn.open_table(IDX_DUE)?,
            external: txn.open_table(IDX_EXTERNAL)?,
            owner: txn.open_table(IDX_OWNER)?,
            card: txn.open_table(IDX_CARD)?,
            sort: super::sort_pages::SortPages::open(txn)?,
            queue: txn.open_table(IDX_QUEUE)?,
            ticket_queue: txn.open_table(IDX_TICKET_QUEUE)?,
            ticket_solved: txn.open_table(IDX_TICKET_SOLVED)?,
            ticket_facts: txn.open_table(super::ticket_facts::IDX_TICKET_FACTS)?,
            deal_facts: txn.open_table(super::deal_facts::IDX_DEAL_FACTS)?,
            search_page: txn.open_table(super::search_pages::IDX_SEARCH_PAGE)?,
            pending: Default::default(),
        })
    }

    /// Writes what is still waiting (the last search page); call before dropping.
    pub fn finish(mut self) -> Result<()> {
        self.pending.flush(&mut self.search_page)
    }

    /// Sets the deal value in a task's queue entry (a bulk load that met the task
    /// before its deal).
    pub fn set_queue_value(&mut self, day: i32, task: u64, value: i64) -> Result<()> {
        let current = self.queue.get((day, task))?.map(|v| {
            let (p, _, who, time) = v.value();
            (p, who.to_string(), time)
        });
        if let Some((p, who, time)) = current {
            self.queue
                .insert((day, task), (p, value, who.as_str(), time))?;
        }
        Ok(())
    }

    /// Inserts a group of new entries: index entries, or a sorted sort column.
    pub fn insert_group(&mut self, group: &Group) -> Result<()> {
        match group {
            Group::Keys(keys) => self.insert(keys),
            Group::Sort(column) => self.sort.insert(column.tag(), &column.entries()),
        }
    }

    /// Adds the entries.
    pub fn insert(&mut self, keys: &[IndexKey]) -> Result<()> {
        for (tag, entries) in super::sort_pages::by_column(keys) {
            self.sort.insert(tag, &entries)?;
        }
        for k in keys {
            match k {
                IndexKey::Email(e, id) => {
                    self.email.insert(e.as_str(), id)?;
                }
                IndexKey::Link(a, b) => {
                    self.link.insert((*a, *b), ())?;
                }
                IndexKey::Waiting(a, t) => {
                    self.waiting.insert((*a, *t), ())?;
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
                    self.pending
                        .note(&mut self.search_page, *rid, Some(text.clone()))?;
                }
                IndexKey::Owner(name, rid) => {
                    self.owner.insert((name.as_str(), *rid), ())?;
                }
                IndexKey::Card(p, s, at, d) => {
                    self.card.insert((*p, *s, *at, *d), ())?;
                }
                // Written by column above.
                IndexKey::Sort(..) => {}
                IndexKey::Queue(day, id, f) => {
                    self.queue.insert(
                        (*day, *id),
                        (f.priority, f.deal_value, f.assignee.as_str(), f.time),
                    )?;
                }
                IndexKey::TicketQueue(at, id, f) => {
                    self.ticket_queue.insert(
                        (*at, *id),
                        (f.status, f.priority, f.assignee.as_str(), f.flags),
                    )?;
                }
                IndexKey::TicketSolved(at, id) => {
                    self.ticket_solved.insert((*at, *id), ())?;
                }
                IndexKey::TicketFact(id, row) => {
                    self.ticket_facts.insert(*id, row.as_slice())?;
                }
                IndexKey::DealFact(id, row) => {
                    self.deal_facts.insert(*id, row.as_slice())?;
                }
            }
        }
        Ok(())
    }

    /// Removes the entries; a unique key (email, external id) is removed only while it
    /// still points at the same record.
    pub fn remove(&mut self, keys: &[IndexKey]) -> Result<()> {
        for (tag, entries) in super::sort_pages::by_column(keys) {
            self.sort.remove(tag, &entries)?;
        }
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
                IndexKey::Waiting(a, t) => {
                    self.waiting.remove((*a, *t))?;
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
                    self.pending.note(&mut self.search_page, *rid, None)?;
                }
                IndexKey::Owner(name, rid) => {
                    self.owner.remove((name.as_str(), *rid))?;
                }
                IndexKey::Card(p, s, at, d) => {
                    self.card.remove((*p, *s, *at, *d))?;
                }
                // Removed by column above.
                IndexKey::Sort(..) => {}
                IndexKey::Queue(day, id, _) => {
                    self.queue.remove((*day, *id))?;
                }
                IndexKey::TicketQueue(at, id, _) => {
                    self.ticket_queue.remove((*at, *id))?;
                }
                IndexKey::TicketSolved(at, id) => {
                    self.ticket_solved.remove((*at, *id))?;
                }
                IndexKey::TicketFact(id, _) => {
                    self.ticket_facts.remove(*id)?;
                }
                IndexKey::DealFact(id, _) => {
                    self.deal_facts.remove(*id)?;
                }
            }
        }
        Ok(())
    }
}
