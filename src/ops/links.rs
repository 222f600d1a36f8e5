//! Which records link to a record, and removing those links, so that no id ever
//! dangles after a delete.

use crate::error::Result;
use crate::model::{Kind, Record, RecordId};
use crate::store::{Queries, Tx};

/// Every record that refers to `target`.
pub fn links_to<Q: Queries>(q: &Q, target: RecordId) -> Result<Vec<RecordId>> {
    let mut out = Vec::new();
    match target.kind {
        Kind::Pipeline => {
            let p = q.require::<crate::model::Pipeline>(target.id)?;
            for s in &p.stages {
                for d in q.deals_in_stage(p.id, s.id)? {
                    out.push(RecordId::new(Kind::Deal, d));
                }
            }
        }
        Kind::Contact | Kind::Company | Kind::Deal => {
            for kind in [Kind::Contact, Kind::Deal, Kind::Task, Kind::Ticket] {
                for id in q.linked(target, kind)? {
                    out.push(RecordId::new(kind, id));
                }
            }
            for id in q.timeline_ids(target, usize::MAX)? {
                out.push(RecordId::new(Kind::Activity, id));
            }
        }
        Kind::Ticket => {
            for id in q.linked(target, Kind::Task)? {
                out.push(RecordId::new(Kind::Task, id));
            }
            for id in q.timeline_ids(target, usize::MAX)? {
                out.push(RecordId::new(Kind::Activity, id));
            }
            for id in q.linked(target, Kind::Ticket)? {
                out.push(RecordId::new(Kind::Ticket, id));
            }
        }
        Kind::Calendar => {
            for id in q.linked(target, Kind::Sla)? {
                out.push(RecordId::new(Kind::Sla, id));
            }
        }
        Kind::Activity | Kind::Task | Kind::Rule | Kind::Sla => {}
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// "D-3, T-9 and 4 more" for an error message.
pub fn describe(links: &[RecordId]) -> String {
    const SHOWN: usize = 8;
    let mut s = links
        .iter()
        .take(SHOWN)
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if links.len() > SHOWN {
        s.push_str(&format!(" and {} more", links.len() - SHOWN));
    }
    s
}

/// Removes every reference to `target` from the records in `links`.
pub fn unlink_all(tx: &mut Tx, target: RecordId, links: &[RecordId]) -> Result<()> {
    for rid in links {
        let Some(mut rec) = tx.get_record(*rid)? else {
            continue;
        };
        let now = tx.now();
        let id = target.id;
        match (&mut rec, target.kind) {
            (Record::Contact(c), Kind::Company) => {
                c.company = None;
                c.updated = now;
            }
            (Record::Deal(d), Kind::Company) => {
                d.company = None;
                d.updated = now;
            }
            (Record::Deal(d), Kind::Contact) => {
                d.contacts.retain(|c| *c != id);
                d.updated = now;
            }
            (Record::Task(t), _) => {
                t.link = None;
                t.updated = now;
            }
            (Record::Activity(a), Kind::Contact) => a.contacts.retain(|c| *c != id),
            (Record::Activity(a), Kind::Company) => a.company = None,
            (Record::Activity(a), Kind::Deal) => a.deal = None,
            (Record::Activity(a), Kind::Ticket) => a.ticket = None,
            (Record::Ticket(t), Kind::Contact) => {
                t.requester = None;
                t.updated = now;
            }
            (Record::Ticket(t), Kind::Company) => {
                t.company = None;
                t.updated = now;
            }
            (Record::Ticket(t), Kind::Deal) => {
                t.deal = None;
                t.updated = now;
            }
            (Record::Ticket(t), Kind::Ticket) => {
                t.follow_up_of = None;
                t.updated = now;
            }
            (Record::Sla(p), Kind::Calendar) => {
                p.calendar = None;
                p.updated = now;
            }
            _ => continue,
        }
        tx.put(rec)?;
    }
    Ok(())
}
