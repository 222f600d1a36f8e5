//! The derived tables — the kanban's card order, the sort index (contacts, companies,
//! deals, tasks), Today's queue, the search index, the stage aggregates, the report
//! facts ([`super::facts`]) — rebuilt from the records (a migration from a schema that
//! lacked them, `rolo doctor --repair`) and recounted against the records (`rolo
//! doctor`). Both stream the records in key order and hold no copy of a table (only
//! per-day and per-fingerprint counts).

use crate::model::words::plural;
use std::collections::{BTreeMap, HashMap};

use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};

use super::aggregate::{AGG_STAGE, Amounts, StageShare, share};
use super::index::{IndexKey, IndexTables, KeyContext, keys};
use super::query::Snapshot;
use super::sort_pages::IDX_SORT_PAGE;
use super::tables::*;
use crate::error::Result;
use crate::model::{Company, Contact, Deal, Kind, Record, Task, Ticket};

/// Called with (records done, records in all) while rebuilding.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

/// Empties and refills the derived tables from the companies, contacts and deals.
pub fn rebuild(txn: &WriteTransaction, progress: Progress) -> Result<()> {
    // A table that was never created is fine: each is created below.
    txn.delete_table(IDX_CARD)?;
    txn.delete_table(IDX_SORT_PAGE)?;
    txn.delete_table(super::sort_pages::LEGACY_IDX_SORT)?;
    txn.delete_table(AGG_STAGE)?;
    txn.delete_table(IDX_QUEUE)?;
    txn.delete_table(IDX_TICKET_QUEUE)?;
    txn.delete_table(IDX_TICKET_SOLVED)?;
    txn.delete_table(super::ticket_facts::IDX_TICKET_FACTS)?;
    txn.delete_table(super::deal_facts::IDX_DEAL_FACTS)?;
    txn.delete_table(IDX_WAITING)?;
    txn.delete_table(LEGACY_IDX_SEARCH)?;
    txn.delete_table(super::search_pages::IDX_SEARCH_PAGE)?;
    let total = txn.open_table(records(Kind::Company))?.len()?
        + txn.open_table(records(Kind::Contact))?.len()?
        + txn.open_table(records(Kind::Deal))?.len()?
        + txn.open_table(records(Kind::Task))?.len()?
        + txn.open_table(records(Kind::Ticket))?.len()?;
    let mut done = 0u64;
    let mut idx = IndexTables::open(txn)?;
    // The sort entries are gathered and written by column at the end: a page each
    // instead of a page rewritten for every record.
    let mut sorts = super::sort_pages::SortColumns::default();
    let mut insert = |idx: &mut IndexTables, keys: Vec<IndexKey>| -> Result<()> {
        idx.insert(&sorts.set_aside(derived(&keys)))
    };
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut tick = |done: &mut u64| {
        *done += 1;
        if done.is_multiple_of(4096) || *done == total {
            progress(*done, total);
        }
    };
    for row in txn.open_table(records(Kind::Company))?.iter()? {
        let c: Company = decode(row?.1.value())?;
        insert(
            &mut idx,
            keys(&Record::Company(c.clone()), &KeyContext::default()),
        )?;
        names.insert(c.id, c.name);
        tick(&mut done);
    }
    for row in txn.open_table(records(Kind::Contact))?.iter()? {
        let c: Contact = decode(row?.1.value())?;
        let company = c.company.and_then(|id| names.get(&id)).cloned();
        insert(
            &mut idx,
            keys(
                &Record::Contact(c),
                &KeyContext::company(company.unwrap_or_default()),
            ),
        )?;
        tick(&mut done);
    }
    let mut values: HashMap<u64, i64> = HashMap::new();
    for row in txn.open_table(records(Kind::Deal))?.iter()? {
        let d = decode::<Deal>(row?.1.value())?;
        values.insert(d.id, d.value);
        let d = Record::Deal(d);
        insert(&mut idx, keys(&d, &KeyContext::default()))?;
        idx.account(None, Some(&d))?;
        tick(&mut done);
    }
    for row in txn.open_table(records(Kind::Task))?.iter()? {
        let t = decode::<Task>(row?.1.value())?;
        let cx = task_context(&t, &values);
        insert(&mut idx, keys(&Record::Task(t), &cx))?;
        tick(&mut done);
    }
    for row in txn.open_table(records(Kind::Ticket))?.iter()? {
        let t: Ticket = decode(row?.1.value())?;
        insert(&mut idx, keys(&Record::Ticket(t), &KeyContext::default()))?;
        tick(&mut done);
    }
    idx.insert_sorts(sorts)?;
    idx.finish()?;
    super::facts::rebuild(txn, progress)
}

/// Writes the index of tasks waiting on an activity from the tasks (schema 8 added
/// it); returns how many entries it holds.
pub fn fill_waiting(txn: &WriteTransaction) -> Result<u64> {
    let mut idx = IndexTables::open(txn)?;
    let mut n = 0;
    for row in txn.open_table(records(Kind::Task))?.iter()? {
        let t = decode::<Task>(row?.1.value())?;
        let waiting: Vec<IndexKey> = keys(&Record::Task(t), &KeyContext::default())
            .into_iter()
            .filter(|k| matches!(k, IndexKey::Waiting(..)))
            .collect();
        n += waiting.len() as u64;
        idx.insert(&waiting)?;
    }
    idx.finish()?;
    Ok(n)
}

/// Only the entries of the derived tables (the older indexes are left alone).
fn derived(keys: &[IndexKey]) -> Vec<IndexKey> {
    keys.iter()
        .filter(|k| {
            matches!(
                k,
                IndexKey::Card(..)
                    | IndexKey::Sort(..)
                    | IndexKey::Queue(..)
                    | IndexKey::Search(..)
                    | IndexKey::TicketQueue(..)
                    | IndexKey::TicketSolved(..)
                    | IndexKey::TicketFact(..)
                    | IndexKey::DealFact(..)
                    | IndexKey::Waiting(..)
            )
        })
        .cloned()
        .collect()
}

/// How many entries each derived table should hold, counted from the records.
#[derive(Default)]
struct Expected {
    sort: u64,
    cards: u64,
    queue: u64,
    tickets: u64,
    deal_facts: u64,
    waiting: u64,
}

impl Expected {
    fn tally(&mut self, k: &IndexKey) {
        match k {
            IndexKey::Sort(..) => self.sort += 1,
            IndexKey::Card(..) => self.cards += 1,
            IndexKey::Queue(..) => self.queue += 1,
            IndexKey::TicketQueue(..) | IndexKey::TicketSolved(..) | IndexKey::TicketFact(..) => {
                self.tickets += 1
            }
            IndexKey::DealFact(..) => self.deal_facts += 1,
            IndexKey::Waiting(..) => self.waiting += 1,
            _ => {}
        }
    }
}

/// A fingerprint of one sort entry; summed over a table, it stands for the table's
/// entries whatever their order.
fn sort_entry_print(tag: u8, key: &str, id: u64) -> u64 {
    super::search_pages::print(&[tag], key, id)
}

/// A task's key context: its deal's value.
fn task_context(t: &Task, values: &HashMap<u64, i64>) -> KeyContext {
    KeyContext {
        deal_value: t
            .link
            .filter(|l| l.kind == Kind::Deal)
            .and_then(|l| values.get(&l.id).copied())
            .unwrap_or(0),
        ..KeyContext::default()
    }
}

/// Recounts the derived tables from the records; returns one line per mismatch
/// (empty when all agree).
pub fn verify(snap: &impl Snapshot) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut names: HashMap<u64, String> = HashMap::new();
    let mut expected = Expected::default();
    let mut totals: BTreeMap<(u64, u32, String, String), Amounts> = BTreeMap::new();
    let sort = snap.table(IDX_SORT_PAGE)?;
    let card = snap.table(IDX_CARD)?;
    let queue = snap.table(IDX_QUEUE)?;
    let ticket_queue = snap.table(IDX_TICKET_QUEUE)?;
    let ticket_solved = snap.table(IDX_TICKET_SOLVED)?;
    let ticket_facts = snap.table(super::ticket_facts::IDX_TICKET_FACTS)?;
    let deal_facts = snap.table(super::deal_facts::IDX_DEAL_FACTS)?;
    let waiting = snap.table(IDX_WAITING)?;
    // The searchable records' rows, compared with the search pages at the end by
    // their number and the sum of their fingerprints (no copy of the rows is held).
    let mut search = super::search_pages::Tally::default();
    // The sum of the sort entries' fingerprints the records call for.
    let mut sort_print = 0u64;
    let mut check =
        |k: &IndexKey, problems: &mut Vec<String>, expected: &mut Expected| -> Result<()> {
            expected.tally(k);
            let present = match k {
                IndexKey::Search(rid, text) => {
                    search.add(*rid, text);
                    true
                }
                // Compared whole at the end: a fingerprint of every entry.
                IndexKey::Sort(tag, key, id) => {
                    sort_print = sort_print.wrapping_add(sort_entry_print(*tag, key, *id));
                    true
                }
                IndexKey::Card(p, s, at, d) => match &card {
                    Some(t) => t.get((*p, *s, *at, *d))?.is_some(),
                    None => false,
                },
                IndexKey::Queue(day, id, f) => match &queue {
                    Some(t) => t.get((*day, *id))?.is_some_and(|v| {
                        let (p, value, who, time) = v.value();
                        (p, value, who, time)
                            == (f.priority, f.deal_value, f.assignee.as_str(), f.time)
                    }),
                    None => false,
                },
                IndexKey::TicketQueue(at, id, f) => match &ticket_queue {
                    Some(t) => t.get((*at, *id))?.is_some_and(|v| {
                        v.value() == (f.status, f.priority, f.assignee.as_str(), f.flags)
                    }),
                    None => false,
                },
                IndexKey::TicketSolved(at, id) => match &ticket_solved {
                    Some(t) => t.get((*at, *id))?.is_some(),
                    None => false,
                },
                IndexKey::TicketFact(id, row) => match &ticket_facts {
                    Some(t) => t.get(*id)?.is_some_and(|v| v.value() == row.as_slice()),
                    None => false,
                },
                IndexKey::DealFact(id, row) => match &deal_facts {
                    Some(t) => t.get(*id)?.is_some_and(|v| v.value() == row.as_slice()),
                    None => false,
                },
                IndexKey::Waiting(link, task) => match &waiting {
                    Some(t) => t.get((*link, *task))?.is_some(),
                    None => false,
                },
                _ => true,
            };
            if !present && problems.len() < 20 {
                problems.push(format!("index entry missing: {k:?}"));
            }
            Ok(())
        };
    if let Some(t) = snap.table(records(Kind::Company))? {
        for row in t.iter()? {
            let c: Company = decode(row?.1.value())?;
            for k in derived(&keys(&Record::Company(c.clone()), &KeyContext::default())) {
                check(&k, &mut problems, &mut expected)?;
            }
            names.insert(c.id, c.name);
        }
    }
    if let Some(t) = snap.table(records(Kind::Contact))? {
        for row in t.iter()? {
            let c: Contact = decode(row?.1.value())?;
            let company = c.company.and_then(|id| names.get(&id)).cloned();
            for k in derived(&keys(
                &Record::Contact(c),
                &KeyContext::company(company.unwrap_or_default()),
            )) {
                check(&k, &mut problems, &mut expected)?;
            }
        }
    }
    let mut values: HashMap<u64, i64> = HashMap::new();
    if let Some(t) = snap.table(records(Kind::Deal))? {
        for row in t.iter()? {
            let d: Deal = decode(row?.1.value())?;
            values.insert(d.id, d.value);
            if let Some(StageShare {
                pipeline,
                stage,
                owner,
                currency,
                amounts,
            }) = share(&d)
            {
                let e = totals
                    .entry((pipeline, stage, owner, currency))
                    .or_default();
                e.0 += amounts.0;
                e.1 = e.1.saturating_add(amounts.1);
                e.2 = e.2.saturating_add(amounts.2);
                e.3 = e.3.saturating_add(amounts.3);
            }
            for k in derived(&keys(&Record::Deal(d), &KeyContext::default())) {
                check(&k, &mut problems, &mut expected)?;
            }
        }
    }
    if let Some(t) = snap.table(records(Kind::Task))? {
        for row in t.iter()? {
            let task: Task = decode(row?.1.value())?;
            let cx = task_context(&task, &values);
            for k in derived(&keys(&Record::Task(task), &cx)) {
                check(&k, &mut problems, &mut expected)?;
            }
        }
    }
    if let Some(t) = snap.table(records(Kind::Ticket))? {
        for row in t.iter()? {
            let ticket: Ticket = decode(row?.1.value())?;
            for k in derived(&keys(&Record::Ticket(ticket), &KeyContext::default())) {
                check(&k, &mut problems, &mut expected)?;
            }
        }
    }
    let queue_rows = ticket_queue.as_ref().map(|t| t.len()).transpose()?;
    let solved_rows = ticket_solved.as_ref().map(|t| t.len()).transpose()?;
    let fact_rows = ticket_facts.as_ref().map(|t| t.len()).transpose()?;
    let ticket_len = queue_rows.unwrap_or(0) + solved_rows.unwrap_or(0) + fact_rows.unwrap_or(0);
    if ticket_len != expected.tickets {
        problems.push(format!(
            "the ticket queue indexes have {}; the tickets call for {}",
            plural(ticket_len, "entry"),
            expected.tickets
        ));
    }
    let deal_facts_len = deal_facts
        .as_ref()
        .map(|t| t.len())
        .transpose()?
        .unwrap_or(0);
    if deal_facts_len != expected.deal_facts {
        problems.push(format!(
            "the deal report rows are {}; there are {}",
            deal_facts_len,
            plural(expected.deal_facts, "deal")
        ));
    }
    let waiting_len = waiting.as_ref().map(|t| t.len()).transpose()?.unwrap_or(0);
    if waiting_len != expected.waiting {
        problems.push(format!(
            "the index of tasks waiting on an activity has {}; the tasks call for {}",
            plural(waiting_len, "entry"),
            expected.waiting
        ));
    }
    let queue_len = queue.as_ref().map(|t| t.len()).transpose()?.unwrap_or(0);
    if queue_len != expected.queue {
        problems.push(format!(
            "Today's queue index has {}; there are {}",
            plural(queue_len, "entry"),
            plural(expected.queue, "open dated task")
        ));
    }
    let count = |n: Option<u64>| n.unwrap_or(0);
    let (mut sort_len, mut stored_print) = (0u64, 0u64);
    if let Some(t) = &sort {
        super::sort_pages::each(t, &mut |tag, key, id| {
            sort_len += 1;
            stored_print = stored_print.wrapping_add(sort_entry_print(tag, key, id));
            Ok(true)
        })?;
    }
    if sort_len != expected.sort {
        problems.push(format!(
            "the sort index has {}; the records call for {}",
            plural(sort_len, "entry"),
            expected.sort
        ));
    } else if stored_print != sort_print {
        problems.push(format!(
            "the sort index's {} differ from those the records call for",
            plural(sort_len, "entry")
        ));
    }
    let card_len = count(card.as_ref().map(|t| t.len()).transpose()?);
    if card_len != expected.cards {
        problems.push(format!(
            "the kanban's card index has {}; there are {}",
            plural(card_len, "entry"),
            plural(expected.cards, "open deal")
        ));
    }
    problems.extend(super::facts::verify(snap)?);
    problems.extend(super::search_pages::verify(snap, &search)?);
    let mut stored: BTreeMap<(u64, u32, String, String), Amounts> = BTreeMap::new();
    if let Some(t) = snap.table(AGG_STAGE)? {
        for row in t.iter()? {
            let (k, v) = row?;
            let (p, s, o, c) = k.value();
            stored.insert((p, s, o.to_string(), c.to_string()), v.value());
        }
    }
    for (k, want) in &totals {
        let have = stored.get(k).copied().unwrap_or_default();
        if have != *want {
            problems.push(format!(
                "stage totals of pipeline P-{} stage {} owner '{}' {}: stored {:?}, recounted {:?}",
                k.0, k.1, k.2, k.3, have, want
            ));
        }
    }
    for (k, have) in &stored {
        if !totals.contains_key(k) {
            problems.push(format!(
                "stage totals of pipeline P-{} stage {} owner '{}' {}: stored {:?} for no open deal",
                k.0, k.1, k.2, k.3, have
            ));
        }
    }
    Ok(problems)
}
