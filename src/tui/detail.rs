//! A record's detail view (a layer): its profile, the records linked to it (deals, open
//! tasks, a company's contacts) which `Enter` opens in turn, and its timeline.

use std::cell::Cell;

use super::timeline::TimelineItem;
use crate::model::{Contact, Kind, Record, RecordId, Task};
use crate::store::Queries;

/// The detail layer's state.
#[derive(Debug, Clone)]
pub struct Detail {
    /// The record shown.
    pub rid: RecordId,
    /// The selected linked record.
    pub selected: usize,
    /// The record's timeline, once loaded.
    pub timeline: Vec<TimelineItem>,
    /// The revision the timeline was loaded at.
    pub loaded: Option<u64>,
    /// The first linked row drawn, adjusted while drawing.
    pub offset: Cell<usize>,
    /// The linked records, once loaded.
    pub links: Vec<RecordId>,
    /// A contact's consent ledger, oldest first, once loaded.
    pub consent: Vec<crate::model::ConsentEvent>,
}

impl Detail {
    /// A detail view of `rid`, timeline not yet loaded.
    pub fn new(rid: RecordId) -> Detail {
        Detail {
            rid,
            selected: 0,
            timeline: Vec::new(),
            loaded: None,
            offset: Cell::new(0),
            links: Vec::new(),
            consent: Vec::new(),
        }
    }
}

/// The records linked to `rid`, in the order shown (company, contacts, deals, open
/// tasks), read through the link index, with the records themselves for their labels.
pub fn load_links(q: &impl Queries, rid: RecordId) -> crate::Result<(Vec<RecordId>, Vec<Record>)> {
    let mut out = Vec::new();
    let rec = |k, id| RecordId::new(k, id);
    let me = q.get_record(rid)?;
    match &me {
        Some(Record::Contact(c)) => {
            out.extend(c.company.map(|co| rec(Kind::Company, co)));
            let mut deals = q.linked(rid, Kind::Deal)?;
            deals.sort_unstable();
            out.extend(deals.into_iter().map(|d| rec(Kind::Deal, d)));
        }
        Some(Record::Company(_)) => {
            let mut contacts: Vec<(String, u64)> = Vec::new();
            for id in q.linked(rid, Kind::Contact)? {
                if let Some(c) = q.get::<Contact>(id)? {
                    contacts.push((c.name.to_lowercase(), c.id));
                }
            }
            contacts.sort();
            out.extend(contacts.into_iter().map(|(_, c)| rec(Kind::Contact, c)));
            let mut deals = q.linked(rid, Kind::Deal)?;
            deals.sort_unstable();
            out.extend(deals.into_iter().map(|d| rec(Kind::Deal, d)));
        }
        Some(Record::Deal(d)) => {
            out.extend(d.company.map(|c| rec(Kind::Company, c)));
            out.extend(d.contacts.iter().map(|c| rec(Kind::Contact, *c)));
        }
        Some(Record::Task(t)) => out.extend(t.link),
        _ => {}
    }
    let mut tasks: Vec<(Option<chrono::NaiveDate>, u64)> = Vec::new();
    for id in q.linked(rid, Kind::Task)? {
        if let Some(t) = q.get::<Task>(id)?
            && t.is_open()
        {
            tasks.push((t.due.map(|d| d.date), t.id));
        }
    }
    tasks.sort();
    out.extend(tasks.into_iter().map(|(_, t)| rec(Kind::Task, t)));
    let mut records: Vec<Record> = me.into_iter().collect();
    for r in &out {
        if let Some(x) = q.get_record(*r)? {
            records.push(x);
        }
    }
    Ok((out, records))
}
