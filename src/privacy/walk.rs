//! The walk: every record that refers to a contact, by id (a deal's contacts, a task's
//! link) or by naming them in its text (a company note). It reads every record table
//! ([`crate::store::schema::Role::Records`]) — what can hold a contact id is decided per
//! kind in [`links`], a `match` without a catch-all, so a new record kind does not
//! compile until it says how it refers to people. Export and erase both use it.

use crate::error::Result;
use crate::model::{
    Activity, Company, Contact, Deal, Kind, Pipeline, Record, RecordId, Rule, Task,
};
use crate::store::Queries;

use super::subject::Subject;

/// One record the walk found.
#[derive(Debug, Clone)]
pub struct Found {
    /// The record as it is now.
    pub record: Record,
    /// It holds the contact's id.
    pub links: bool,
    /// Its text names the contact.
    pub mentions: bool,
}

impl Found {
    /// The record's id.
    pub fn rid(&self) -> RecordId {
        self.record.rid()
    }

    /// Whether the record is the contact's alone: an activity whose only person is
    /// them, a task about them. Erasing the contact deletes these.
    pub fn theirs_alone(&self, contact: u64) -> bool {
        match &self.record {
            Record::Activity(a) => a.contacts == [contact],
            Record::Task(t) => t.link == Some(RecordId::new(Kind::Contact, contact)),
            // Companies, deals and the rest are the business's, shared with others:
            // they stay, without the person.
            // A ticket is the business's service record: it stays, without the person
            // as requester, and loses their strings.
            Record::Contact(_)
            | Record::Company(_)
            | Record::Deal(_)
            | Record::Pipeline(_)
            | Record::Rule(_)
            | Record::Ticket(_)
            | Record::Sla(_)
            | Record::Calendar(_) => false,
        }
    }
}

/// Whether `rec` holds `contact`'s id.
pub fn links(rec: &Record, contact: u64) -> bool {
    match rec {
        Record::Deal(d) => d.contacts.contains(&contact),
        Record::Activity(a) => a.contacts.contains(&contact),
        Record::Task(t) => t.link == Some(RecordId::new(Kind::Contact, contact)),
        Record::Ticket(t) => t.requester == Some(contact),
        // These hold no contact ids (a contact names its company, not the reverse; rules
        // and pipelines name stages, fields and users).
        Record::Contact(_)
        | Record::Company(_)
        | Record::Pipeline(_)
        | Record::Rule(_)
        | Record::Sla(_)
        | Record::Calendar(_) => false,
    }
}

/// Every record other than the contact itself that links to or names `subject`, in
/// kind order, streaming each table once.
pub fn walk<Q: Queries>(q: &Q, subject: &Subject) -> Result<Vec<Found>> {
    let mut out = Vec::new();
    let me = RecordId::new(Kind::Contact, subject.id);
    for kind in Kind::ALL {
        each_record(q, kind, &mut |record| {
            if record.rid() == me {
                return Ok(());
            }
            let links = links(&record, subject.id);
            let mentions = subject.mentioned_in_record(&record);
            if links || mentions {
                out.push(Found {
                    record,
                    links,
                    mentions,
                });
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// Calls `f` with every record of `kind`.
pub fn each_record<Q: Queries>(
    q: &Q,
    kind: Kind,
    f: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    match kind {
        Kind::Contact => q.each::<Contact>(&mut |r| f(Record::Contact(r))),
        Kind::Company => q.each::<Company>(&mut |r| f(Record::Company(r))),
        Kind::Deal => q.each::<Deal>(&mut |r| f(Record::Deal(r))),
        Kind::Activity => q.each::<Activity>(&mut |r| f(Record::Activity(r))),
        Kind::Task => q.each::<Task>(&mut |r| f(Record::Task(r))),
        Kind::Pipeline => q.each::<Pipeline>(&mut |r| f(Record::Pipeline(r))),
        Kind::Rule => q.each::<Rule>(&mut |r| f(Record::Rule(r))),
        Kind::Ticket => q.each::<crate::model::Ticket>(&mut |r| f(Record::Ticket(r))),
        Kind::Sla => q.each::<crate::model::SlaPolicy>(&mut |r| f(Record::Sla(r))),
        Kind::Calendar => q.each::<crate::model::Calendar>(&mut |r| f(Record::Calendar(r))),
    }
}
