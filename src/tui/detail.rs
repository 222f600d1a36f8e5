//! A record's detail view (a layer): its profile, the records linked to it (deals, open
//! tasks, a company's contacts) which `Enter` opens in turn, and its timeline.

use std::cell::Cell;

use super::data::Data;
use super::timeline::TimelineItem;
use crate::model::{Kind, RecordId};

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
        }
    }
}

/// The records linked to `rid`, in the order shown: company, contacts, deals, tasks.
pub fn links(data: &Data, rid: RecordId) -> Vec<RecordId> {
    let mut out = Vec::new();
    let rec = |k, id| RecordId::new(k, id);
    match rid.kind {
        Kind::Contact => {
            if let Some(c) = data.contacts.get(&rid.id).and_then(|c| c.company) {
                out.push(rec(Kind::Company, c));
            }
            let mut deals: Vec<u64> = data
                .deals
                .values()
                .filter(|d| d.contacts.contains(&rid.id))
                .map(|d| d.id)
                .collect();
            deals.sort_unstable();
            out.extend(deals.into_iter().map(|d| rec(Kind::Deal, d)));
        }
        Kind::Company => {
            let mut contacts: Vec<(String, u64)> = data
                .contacts
                .values()
                .filter(|c| c.company == Some(rid.id))
                .map(|c| (c.name.to_lowercase(), c.id))
                .collect();
            contacts.sort();
            out.extend(contacts.into_iter().map(|(_, c)| rec(Kind::Contact, c)));
            let mut deals: Vec<u64> = data
                .deals
                .values()
                .filter(|d| d.company == Some(rid.id))
                .map(|d| d.id)
                .collect();
            deals.sort_unstable();
            out.extend(deals.into_iter().map(|d| rec(Kind::Deal, d)));
        }
        Kind::Deal => {
            if let Some(d) = data.deals.get(&rid.id) {
                out.extend(d.company.map(|c| rec(Kind::Company, c)));
                out.extend(d.contacts.iter().map(|c| rec(Kind::Contact, *c)));
            }
        }
        Kind::Task => {
            if let Some(l) = data.tasks.get(&rid.id).and_then(|t| t.link) {
                out.push(l);
            }
        }
        _ => {}
    }
    let mut tasks: Vec<(Option<chrono::NaiveDate>, u64)> = data
        .tasks
        .values()
        .filter(|t| t.link == Some(rid))
        .map(|t| (t.due.map(|d| d.date), t.id))
        .collect();
    tasks.sort();
    out.extend(tasks.into_iter().map(|(_, t)| rec(Kind::Task, t)));
    out
}
