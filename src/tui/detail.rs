//! A record's detail view (a layer): its profile, the records linked to it (deals,
//! tickets, open tasks, a company's contacts) which `Enter` opens in turn, and its
//! timeline; a ticket's shows its thread oldest first instead.

use std::cell::Cell;

use super::linked_tickets::{self, TicketCount};
use super::timeline::TimelineItem;
use crate::model::{Activity, ConsentEvent, Contact, Kind, Record, RecordId, Task};
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
    pub consent: Vec<ConsentEvent>,
    /// A ticket's thread (messages and notes), oldest first, once loaded.
    pub thread: Vec<Activity>,
    /// Lines of the thread scrolled back from its end (0 shows the latest message);
    /// clamped while drawing.
    pub thread_back: Cell<usize>,
    /// A contact's, company's or deal's tickets, counted.
    pub tickets: Option<TicketCount>,
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
            thread: Vec::new(),
            thread_back: Cell::new(0),
            tickets: None,
        }
    }
}

/// What a detail reads: everything but the record itself, which `records` carries
/// (with the linked ones) for the cache.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The timeline (empty for a ticket).
    pub timeline: Vec<TimelineItem>,
    /// The linked records, in the order shown.
    pub links: Vec<RecordId>,
    /// The record and its linked records, for the cache.
    pub records: Vec<Record>,
    /// A contact's consent ledger.
    pub consent: Vec<ConsentEvent>,
    /// A ticket's thread, oldest first.
    pub thread: Vec<Activity>,
    /// A contact's, company's or deal's ticket count.
    pub tickets: Option<TicketCount>,
}

/// Reads what the detail of `rid` shows, by index.
pub fn load(q: &impl Queries, rid: RecordId) -> crate::Result<Loaded> {
    let (links, records) = load_links(q, rid)?;
    let mut out = Loaded {
        links,
        records,
        ..Loaded::default()
    };
    if rid.kind == Kind::Ticket {
        let ids = q.timeline_ids(rid, super::timeline::LIMIT)?;
        out.thread = q.activities(&ids)?;
        out.thread.sort_by_key(|a| (a.at, a.id));
    } else {
        out.timeline = super::timeline::load(q, Some(rid))?;
    }
    if rid.kind == Kind::Contact {
        out.consent = crate::store::privacy::consent_history(q, rid.id)?;
    }
    if matches!(rid.kind, Kind::Contact | Kind::Company | Kind::Deal) {
        let (tickets, count) = linked_tickets::load(q, rid)?;
        // Listed after the people and deals, before the tasks.
        let at = out
            .links
            .iter()
            .position(|l| l.kind == Kind::Task)
            .unwrap_or(out.links.len());
        let shown: Vec<RecordId> = tickets
            .iter()
            .map(|t| RecordId::new(Kind::Ticket, t.id))
            .collect();
        out.links.splice(at..at, shown);
        out.records.extend(tickets.into_iter().map(Record::Ticket));
        out.tickets = Some(count);
    }
    Ok(out)
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
        Some(Record::Ticket(t)) => {
            out.extend(t.requester.map(|c| rec(Kind::Contact, c)));
            out.extend(t.company.map(|c| rec(Kind::Company, c)));
            out.extend(t.deal.map(|d| rec(Kind::Deal, d)));
            out.extend(t.follow_up_of.map(|f| rec(Kind::Ticket, f)));
            let mut follow_ups = q.linked(rid, Kind::Ticket)?;
            follow_ups.sort_unstable();
            out.extend(follow_ups.into_iter().map(|f| rec(Kind::Ticket, f)));
        }
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
