//! Erasing one person for good (GDPR article 17), in one write transaction:
//! - their contact and what was theirs alone (activities whose only person they are,
//!   tasks about them) are deleted;
//! - shared records (a deal, an email to several people, a company note naming them)
//!   stay, unlinked from them and with their name, addresses and numbers redacted;
//! - their consent ledger goes; their addresses go on the suppression list as keyed
//!   hashes ([`super::suppress`]);
//! - the change log is rewritten so no entry keeps their data: entries stay (who did
//!   what, when) with the records' images blanked or redacted;
//! - a tombstone with no personal data records when, who, why and how much went.
//!
//! The erase is itself an entry in the history (`privacy.erase`), and undo refuses it.
//! Records are written with [`Tx::put`]/[`Tx::delete`] directly, not through the
//! validating ops, so indexes and derived tables follow, but automation rules do not
//! fire on an erasure.

use serde::{Deserialize, Serialize};

use super::subject::{Subject, contact_rid};
use super::suppress;
use super::walk::{Found, walk};
use crate::error::{Error, Result};
use crate::model::words::plural;
use crate::model::{Contact, Deal, DealStatus, Instant, Record, RecordId, ms};
use crate::ops::links_to;
use crate::store::{Committed, Queries, Store, Tx, privacy};

/// The operation name of an erasure in the change log.
pub const OP: &str = "privacy.erase";

/// What an erasure leaves behind: no personal data, only what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Tombstone {
    /// The revision of the erasure.
    pub rev: u64,
    /// The contact's id (`C-12`), which is no longer anyone's.
    pub contact: u64,
    /// When.
    #[serde(with = "ms::required")]
    pub at: Instant,
    /// Who erased.
    pub user: String,
    /// Why (redacted of the person's strings).
    pub reason: String,
    /// Records deleted (the contact and what was theirs alone).
    pub deleted: u64,
    /// Shared records kept, unlinked and redacted.
    pub redacted: u64,
    /// Change-log entries rewritten.
    pub history_rewritten: u64,
    /// Consent events removed.
    pub consent_removed: u64,
    /// Addresses put on the suppression list.
    pub suppressed: u64,
}

impl Tombstone {
    /// One line for people.
    pub fn describe(&self) -> String {
        format!(
            "erased C-{} in r{}: {} deleted, {} redacted, {} rewritten, {} suppressed",
            self.contact,
            self.rev,
            plural(self.deleted, "record"),
            plural(self.redacted, "shared record"),
            plural(self.history_rewritten, "history entry"),
            plural(self.suppressed, "address")
        )
    }
}

/// What an erasure of a contact would do, for the confirmation.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The contact.
    pub contact: Contact,
    /// Records to delete with them.
    pub delete: Vec<RecordId>,
    /// Shared records to unlink and redact.
    pub redact: Vec<RecordId>,
    /// Open deals on which they are the only contact (the erase leaves them without one).
    pub sole_on_open_deals: Vec<Deal>,
}

impl Plan {
    /// The plan's lines for a confirmation prompt.
    pub fn lines(&self) -> Vec<String> {
        let ids = |v: &[RecordId]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                crate::ops::describe_links(v)
            }
        };
        let mut out = vec![
            format!(
                "erase C-{} {} for good:",
                self.contact.id, self.contact.name
            ),
            format!("  delete with them: {}", ids(&self.delete)),
            format!(
                "  keep, unlinked and redacted (shared): {}",
                ids(&self.redact)
            ),
            "  rewrite the history so no entry keeps their data; this cannot be undone".into(),
        ];
        for d in &self.sole_on_open_deals {
            out.push(format!(
                "  they are the only contact on open deal D-{} {}: it stays, without a contact",
                d.id, d.title
            ));
        }
        out
    }
}

/// Works out what erasing contact `id` would do, without changing anything.
pub fn plan<Q: Queries>(q: &Q, id: u64) -> Result<Plan> {
    let contact: Contact = q.get(id)?.ok_or(Error::NotFound(contact_rid(id)))?;
    let subject = Subject::of(&contact);
    let found = walk(q, &subject)?;
    Ok(plan_of(contact, &found))
}

fn plan_of(contact: Contact, found: &[Found]) -> Plan {
    let (mut delete, mut redact) = (vec![contact_rid(contact.id)], Vec::new());
    let mut sole = Vec::new();
    for f in found {
        if f.theirs_alone(contact.id) {
            delete.push(f.rid());
        } else {
            redact.push(f.rid());
        }
        if let Record::Deal(d) = &f.record
            && d.status == DealStatus::Open
            && d.contacts == [contact.id]
        {
            sole.push(d.clone());
        }
    }
    Plan {
        contact,
        delete,
        redact,
        sole_on_open_deals: sole,
    }
}

/// Erases contact `id`. `confirmed` must be true when they are the only contact on an
/// open deal (the caller asked the person); otherwise that is refused with the deals.
pub fn erase(
    store: &Store,
    id: u64,
    reason: &str,
    confirmed: bool,
) -> Result<Committed<Tombstone>> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason",
            "say why (the tombstone keeps it), e.g. --reason \"request by email of 2026-11-20\"",
        ));
    }
    store.write(OP, |tx| erase_in(tx, id, reason, confirmed))
}

/// [`erase`] inside an open transaction (retention erases several in one).
pub fn erase_in(tx: &mut Tx, id: u64, reason: &str, confirmed: bool) -> Result<Tombstone> {
    let contact: Contact = tx.get(id)?.ok_or(Error::NotFound(contact_rid(id)))?;
    let rid = contact_rid(id);
    let mut subject = Subject::of(&contact);
    // Older versions of the person (a former name or address) are erased too.
    tx.rewrite_history(&mut |e| {
        for c in e.changes.iter().filter(|c| c.rid == rid) {
            for image in [&c.before, &c.after].into_iter().flatten() {
                if let Record::Contact(old) = &**image {
                    subject.absorb(old);
                }
            }
        }
        false
    })?;
    let found = walk(tx, &subject)?;
    let plan = plan_of(contact, &found);
    if !plan.sole_on_open_deals.is_empty() && !confirmed {
        let deals: Vec<String> = plan
            .sole_on_open_deals
            .iter()
            .map(|d| format!("D-{} {}", d.id, d.title))
            .collect();
        return Err(Error::Conflict(format!(
            "C-{id} is the only contact on open deal(s) {}; erasing leaves them without a contact: confirm, or pass --yes",
            deals.join(", ")
        )));
    }
    let rev = tx.upcoming_revision()?;
    let mut gone = vec![rid];
    let mut redacted = 0;
    for f in &found {
        if f.theirs_alone(id) {
            gone.push(f.rid());
            continue;
        }
        let mut rec = f.record.clone();
        unlink(&mut rec, id, tx.now());
        subject.redact_record(&mut rec)?;
        tx.put(rec)?;
        redacted += 1;
    }
    for r in gone.iter().skip(1) {
        tx.delete(*r)?;
    }
    let left = links_to(tx, rid)?;
    if !left.is_empty() {
        return Err(Error::Conflict(format!(
            "internal: {rid} is still linked from {} after the erase; nothing was changed",
            crate::ops::describe_links(&left)
        )));
    }
    tx.delete(rid)?;
    tx.forget_firings(rid.packed())?;
    let consent_removed = tx.remove_consent(id)?;
    let suppressed = suppress::add(tx, &subject.emails, rev)?;
    let history_rewritten = tx.rewrite_history(&mut |e| subject.redact_entry(e, &gone))?;
    let tombstone = Tombstone {
        rev,
        contact: id,
        at: tx.now(),
        user: tx.actor().name.clone(),
        reason: subject.redact(reason).unwrap_or_else(|| reason.to_string()),
        deleted: gone.len() as u64,
        redacted,
        history_rewritten,
        consent_removed,
        suppressed,
    };
    tx.put_tombstone(rev, &rmp_serde::to_vec_named(&tombstone)?)?;
    tx.describe(format!(
        "{}; reason: {}",
        tombstone.describe(),
        tombstone.reason
    ));
    tx.redact_pending(&mut |e| subject.redact_entry(e, &gone));
    Ok(tombstone)
}

/// Takes the contact out of a shared record.
fn unlink(rec: &mut Record, contact: u64, now: Instant) {
    match rec {
        Record::Deal(d) => {
            if d.contacts.contains(&contact) {
                d.contacts.retain(|c| *c != contact);
                d.updated = now;
            }
        }
        Record::Activity(a) => a.contacts.retain(|c| *c != contact),
        Record::Ticket(t) => {
            if t.requester == Some(contact) {
                t.requester = None;
                t.updated = now;
            }
        }
        Record::Task(t) => {
            if t.link == Some(contact_rid(contact)) {
                t.link = None;
                t.updated = now;
            }
        }
        Record::Contact(_)
        | Record::Company(_)
        | Record::Pipeline(_)
        | Record::Rule(_)
        | Record::Sla(_)
        | Record::Calendar(_) => {}
    }
}

/// Every tombstone, oldest first.
pub fn tombstones<Q: Queries>(q: &Q) -> Result<Vec<Tombstone>> {
    privacy::tombstones(q)?
        .into_iter()
        .map(|(_, bytes)| Ok(rmp_serde::from_slice(&bytes)?))
        .collect()
}
