//! Secondary index entries derived from a record. Every write removes the old record's
//! entries and inserts the new one's, in the same transaction, so indexes never drift.

use redb::WriteTransaction;

pub use super::entry_tables::EntryTables;
use super::facts::NewFacts;
use super::sort_pages::{SortColumn, SortColumns};
use crate::error::Result;
use crate::model::{Kind, Record, RecordId};

/// One entry in one index table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexKey {
    /// Email → contact.
    Email(String, u64),
    /// (linked-to, linking), packed record ids.
    Link(u64, u64),
    /// (linked-to packed, task): an open task that closes itself on an activity.
    Waiting(u64, u64),
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
    /// (pipeline, stage, entered ms, deal): an open deal's card.
    Card(u64, u32, i64, u64),
    /// (column tag, key, id): a contacts- or companies-table sort entry.
    Sort(u8, String, u64),
    /// An open dated task's place in Today's queue: (due day, task) with what its
    /// urgency order needs (priority, the linked deal's value, assignee, due time).
    Queue(i32, u64, QueueFacts),
    /// An unsolved ticket's place in the ticket queue: (earliest running deadline ms,
    /// ticket) with what the queue shows and filters by.
    TicketQueue(i64, u64, TicketFacts),
    /// (time solved ms, ticket): a solved ticket waiting to close.
    TicketSolved(i64, u64),
    /// Ticket → its report row ([`super::ticket_facts::TicketFact`]).
    TicketFact(u64, Vec<u8>),
    /// Deal → its report row ([`super::deal_facts`]).
    DealFact(u64, Vec<u8>),
}

/// New entries inserted together by a bulk write: index entries (each table's in key
/// order), or one column of sort entries gathered in bulk and sorted.
#[derive(Debug)]
pub enum Group {
    Keys(Vec<IndexKey>),
    Sort(SortColumn),
}

/// What the ticket queue shows and filters a ticket by, kept beside its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketFacts {
    /// Its status ([`crate::model::TicketStatus`] as a number).
    pub status: u8,
    /// Its priority (0 low … 3 urgent).
    pub priority: u8,
    /// Who has it.
    pub assignee: String,
    /// 1: a clock is paused; 2: a target was met late.
    pub flags: u8,
}

/// What Today's queue orders and filters a task by, kept beside its due date so the
/// queue is built from index entries alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueFacts {
    /// Priority (0 low, 1 normal, 2 high).
    pub priority: u8,
    /// The linked deal's value in minor units (0 without a deal).
    pub deal_value: i64,
    /// Who it is assigned to.
    pub assignee: String,
    /// Minutes after midnight plus one; 0 without a time.
    pub time: u32,
}

/// Facts from other records that a record's index entries carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// A contact's company name (its "Company" sort key).
    pub company: String,
    /// A task's linked deal's value (Today's urgency order).
    pub deal_value: i64,
}

impl KeyContext {
    /// Context carrying a company name.
    pub fn company(name: impl Into<String>) -> KeyContext {
        KeyContext {
            company: name.into(),
            ..KeyContext::default()
        }
    }
}

/// Normalises an email for lookup: trimmed and lower-cased.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The index entries a record should have; `cx` carries what they need of other records.
pub fn keys(rec: &Record, cx: &KeyContext) -> Vec<IndexKey> {
    let mut out = Vec::new();
    let mut sorts = Vec::new();
    keys_into(rec, cx, &mut out, |tag, key, id| {
        sorts.push(IndexKey::Sort(tag, key.to_string(), id))
    });
    out.append(&mut sorts);
    out
}

/// [`keys`], added to `out`, except the sort entries (tag, key, id), which go to
/// `sort` (a bulk write gathers them by column without a string each).
pub fn keys_into(
    rec: &Record,
    cx: &KeyContext,
    out: &mut Vec<IndexKey>,
    mut sort: impl FnMut(u8, &str, u64),
) {
    use chrono::Datelike;
    super::sort::each_entry(rec, &cx.company, |tag, key| sort(tag, key, rec.id()));
    let packed = |k: Kind, id: u64| RecordId::new(k, id).packed();
    if let Some(parts) = crate::search::Parts::of(rec) {
        out.push(IndexKey::Search(rec.rid().packed(), parts.encode()));
    }
    let owner = match rec {
        Record::Contact(c) => Some(&c.owner),
        Record::Company(c) => Some(&c.owner),
        Record::Deal(d) => Some(&d.owner),
        Record::Task(t) => Some(&t.assignee),
        Record::Ticket(t) => Some(&t.assignee),
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
            if d.status == crate::model::DealStatus::Open {
                out.push(IndexKey::Card(
                    d.pipeline,
                    d.stage,
                    d.stage_entered().timestamp_millis(),
                    d.id,
                ));
            }
            if let Some(co) = d.company {
                out.push(IndexKey::Link(packed(Kind::Company, co), me));
            }
            for c in &d.contacts {
                out.push(IndexKey::Link(packed(Kind::Contact, *c), me));
            }
            out.push(IndexKey::DealFact(d.id, super::deal_facts::encode(d)));
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
            if let Some(t) = a.ticket {
                out.push(IndexKey::Timeline(packed(Kind::Ticket, t), at, a.id));
            }
            if let Some(x) = &a.external_id {
                out.push(IndexKey::External(x.clone(), a.id));
            }
        }
        Record::Task(t) => {
            if let Some(link) = t.link {
                out.push(IndexKey::Link(link.packed(), packed(Kind::Task, t.id)));
                if t.auto_close.is_some() && t.is_open() {
                    out.push(IndexKey::Waiting(link.packed(), t.id));
                }
            }
            if let (Some(due), true) = (t.due, t.is_open()) {
                out.push(IndexKey::Due(due.date.num_days_from_ce(), t.id));
                use chrono::Timelike;
                out.push(IndexKey::Queue(
                    due.date.num_days_from_ce(),
                    t.id,
                    QueueFacts {
                        priority: t.priority as u8,
                        deal_value: cx.deal_value,
                        assignee: t.assignee.clone(),
                        time: due
                            .time
                            .map(|x| x.hour() * 60 + x.minute() + 1)
                            .unwrap_or(0),
                    },
                ));
            }
        }
        Record::Ticket(t) => {
            let me = packed(Kind::Ticket, t.id);
            if let Some(c) = t.requester {
                out.push(IndexKey::Link(packed(Kind::Contact, c), me));
            }
            if let Some(co) = t.company {
                out.push(IndexKey::Link(packed(Kind::Company, co), me));
            }
            if let Some(d) = t.deal {
                out.push(IndexKey::Link(packed(Kind::Deal, d), me));
            }
            if let Some(f) = t.follow_up_of {
                out.push(IndexKey::Link(packed(Kind::Ticket, f), me));
            }
            if t.is_unsolved() {
                let late = t.sla.named().iter().any(|(_, c)| {
                    matches!(c, Some(crate::model::Clock::Met { breached: true, .. }))
                });
                out.push(IndexKey::TicketQueue(
                    t.queue_at(),
                    t.id,
                    TicketFacts {
                        status: t.status as u8,
                        priority: t.priority.rank(),
                        assignee: t.assignee.clone(),
                        flags: u8::from(t.sla.paused()) | (u8::from(late) << 1),
                    },
                ));
            }
            out.push(IndexKey::TicketFact(
                t.id,
                super::ticket_facts::TicketFact::of(t).encode(),
            ));
            if let (crate::model::TicketStatus::Solved, Some(at)) = (t.status, t.solved_at) {
                out.push(IndexKey::TicketSolved(at.timestamp_millis(), t.id));
            }
        }
        Record::Sla(p) => {
            if let Some(h) = p.calendar {
                out.push(IndexKey::Link(
                    packed(Kind::Calendar, h),
                    packed(Kind::Sla, p.id),
                ));
            }
        }
        Record::Company(_) | Record::Pipeline(_) | Record::Rule(_) | Record::Calendar(_) => {}
    }
}

/// Opened index tables, so a bulk load opens each once: the entry tables, the stage
/// totals and the report facts.
pub struct IndexTables<'t> {
    entries: EntryTables<'t>,
    agg: super::aggregate::StageTable<'t>,
    facts: super::facts::FactTables<'t>,
}

impl<'t> IndexTables<'t> {
    /// Opens every index table of the transaction.
    pub fn open(txn: &'t WriteTransaction) -> Result<Self> {
        Ok(IndexTables {
            entries: EntryTables::open(txn)?,
            agg: txn.open_table(super::aggregate::AGG_STAGE)?,
            facts: super::facts::FactTables::open(txn)?,
        })
    }

    /// Writes what is still waiting (the last search page); call before dropping.
    pub fn finish(self) -> Result<()> {
        self.entries.finish()
    }

    /// Sets the deal value in a task's queue entry (a bulk load that met the task
    /// before its deal).
    pub fn set_queue_value(&mut self, day: i32, task: u64, value: i64) -> Result<()> {
        self.entries.set_queue_value(day, task, value)
    }

    /// Adds the entries.
    pub fn insert(&mut self, keys: &[IndexKey]) -> Result<()> {
        self.entries.insert(keys)
    }

    /// Removes the entries ([`EntryTables::remove`]).
    pub fn remove(&mut self, keys: &[IndexKey]) -> Result<()> {
        self.entries.remove(keys)
    }

    /// Moves a record's share of the aggregates from its old state to its new one.
    pub fn account(&mut self, old: Option<&Record>, new: Option<&Record>) -> Result<()> {
        use super::aggregate::{apply, share};
        self.facts.account(old, new)?;
        let share_of = |r: Option<&Record>| match r {
            Some(Record::Deal(d)) => share(d),
            _ => None,
        };
        let (was, is) = (share_of(old), share_of(new));
        if was == is {
            return Ok(());
        }
        if let Some(s) = was {
            apply(&mut self.agg, &s, false)?;
        }
        if let Some(s) = is {
            apply(&mut self.agg, &s, true)?;
        }
        Ok(())
    }

    /// Replaces one report fact by another ([`super::facts::FactTables::replace`]).
    pub fn replace_fact(
        &mut self,
        old: &super::facts::Fact,
        new: &super::facts::Fact,
    ) -> Result<()> {
        self.facts.replace(old, new)
    }

    /// Adds the aggregates and facts of new records (a bulk load), each table's rows
    /// in key order.
    pub fn account_new(&mut self, recs: &[&Record]) -> Result<()> {
        account_new(&mut self.facts, &mut self.agg, recs, None)
    }

    /// Inserts a group of new entries ([`EntryTables::insert_group`]).
    pub fn insert_group(&mut self, group: &Group) -> Result<()> {
        self.entries.insert_group(group)
    }

    /// Inserts the sort entries a bulk write gathered, column by column.
    pub fn insert_sorts(&mut self, sorts: SortColumns) -> Result<()> {
        sorts.write(&mut self.entries.sort)
    }

    /// Inserts the groups of entries `next` hands out while a helper thread does
    /// [`Self::account_new`] for `recs` (redb writes different tables of one
    /// transaction side by side), from their facts when `gathered` has them already;
    /// `inserted` takes each group once it is in.
    pub fn insert_beside_account_new(
        &mut self,
        recs: &[&Record],
        gathered: Option<NewFacts>,
        next: &mut dyn FnMut() -> Result<Option<Group>>,
        inserted: &mut dyn FnMut(Group),
    ) -> Result<()> {
        let IndexTables {
            entries,
            agg,
            facts,
        } = self;
        std::thread::scope(|s| {
            let helper = s.spawn(move || account_new(facts, agg, recs, gathered));
            let mut mine = || -> Result<()> {
                while let Some(group) = next()? {
                    entries.insert_group(&group)?;
                    inserted(group);
                }
                Ok(())
            };
            let mine = mine();
            let theirs = helper.join().unwrap_or_else(|_| {
                Err(crate::Error::Storage(
                    "adding the new records' report facts failed".into(),
                ))
            });
            mine.and(theirs)
        })
    }
}

fn account_new(
    facts: &mut super::facts::FactTables<'_>,
    agg: &mut super::aggregate::StageTable<'_>,
    recs: &[&Record],
    gathered: Option<NewFacts>,
) -> Result<()> {
    use super::aggregate::{apply, share};
    match gathered {
        Some(new) => facts.add_new(new)?,
        None => facts.account_new(recs)?,
    }
    for r in recs {
        if let Record::Deal(d) = r
            && let Some(s) = share(d)
        {
            apply(agg, &s, true)?;
        }
    }
    Ok(())
}
