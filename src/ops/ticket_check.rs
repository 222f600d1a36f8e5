//! Validation of tickets, SLA policies and calendars before they are written, and the
//! recomputation of a ticket's SLA clocks from its history on every write.

use super::validate::{Prepare, must_exist, normalize_email, normalize_tags, required};
use crate::error::{Error, Result};
use crate::model::text::tidy;
use crate::model::*;
use crate::sla::{SlaError, TicketFacts};
use crate::store::{Queries, Tx};

fn sla_error(kind: &str, e: SlaError) -> Error {
    Error::invalid(format!("{kind} {}", e.field), e.reason)
}

impl Prepare for Ticket {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.subject = required("subject", &self.subject)?;
        if let Some(c) = self.requester {
            let contact: Contact = tx
                .get(c)?
                .ok_or_else(|| Error::invalid("requester", format!("C-{c} does not exist")))?;
            if self.company.is_none() && before.is_none_or(|b| b.requester != self.requester) {
                self.company = contact.company;
            }
        }
        if let Some(co) = self.company {
            must_exist(tx, RecordId::new(Kind::Company, co), "company")?;
        }
        if let Some(d) = self.deal {
            must_exist(tx, RecordId::new(Kind::Deal, d), "deal")?;
        }
        if let Some(f) = self.follow_up_of {
            must_exist(tx, RecordId::new(Kind::Ticket, f), "follow_up_of")?;
        }
        normalize_tags(&mut self.tags);
        let mut cc = Vec::with_capacity(self.cc.len());
        // An erased person's address was redacted in place: it is no address any more.
        self.cc.retain(|e| e != crate::privacy::ERASED);
        for e in &self.cc {
            let e = normalize_email(e)?.to_lowercase();
            if !cc.contains(&e) {
                cc.push(e);
            }
        }
        self.cc = cc;
        self.assignee = tidy(&self.assignee);
        self.custom = std::mem::take(&mut self.custom)
            .into_iter()
            .map(|(k, v)| (tidy(&k), tidy(&v)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        let now = tx.now();
        match before {
            None => {
                if self.created == Instant::default() {
                    self.created = now;
                }
                if self.events.is_empty() {
                    self.events.push(TicketEvent {
                        at: self.created,
                        what: EventKind::Created {
                            priority: self.priority,
                        },
                    });
                    if self.status != TicketStatus::New {
                        self.events.push(TicketEvent {
                            at: self.created,
                            what: EventKind::Status { to: self.status },
                        });
                    }
                }
            }
            Some(b) => {
                self.created = b.created;
                if b.status != self.status {
                    if !b.status.can_become(self.status) {
                        return Err(Error::invalid(
                            "status",
                            format!(
                                "S-{} cannot go from {} to {}: {}",
                                b.id,
                                b.status.as_str(),
                                self.status.as_str(),
                                b.status.refusal(self.status)
                            ),
                        ));
                    }
                    let noted = matches!(
                        self.events.last(),
                        Some(TicketEvent { what: EventKind::Status { to }, .. }) if *to == self.status
                    ) && self.events.len() > b.events.len();
                    if !noted {
                        self.events.push(TicketEvent {
                            at: now,
                            what: EventKind::Status { to: self.status },
                        });
                    }
                    if b.status == TicketStatus::Solved && self.status == TicketStatus::Open {
                        self.reopened += 1;
                    }
                }
                if b.priority != self.priority {
                    self.events.push(TicketEvent {
                        at: now,
                        what: EventKind::Priority { to: self.priority },
                    });
                }
            }
        }
        // Events are kept in time order (a message may carry an earlier Date than the
        // last status change); the sort is stable, so same-time events keep their order.
        self.events.sort_by_key(|e| e.at);
        match self.status {
            TicketStatus::Solved if before.is_none_or(|b| b.status != TicketStatus::Solved) => {
                self.solved_at = Some(now);
            }
            TicketStatus::Solved | TicketStatus::Closed => {}
            _ => self.solved_at = None,
        }
        self.updated = now;
        self.sla = clocks(tx, self)?;
        Ok(())
    }
}

/// Every SLA policy, in the order they are tried: position, then id.
pub fn policies<Q: Queries>(q: &Q) -> Result<Vec<SlaPolicy>> {
    let mut all = q.all::<SlaPolicy>()?;
    all.sort_by_key(|p| (p.position, p.id));
    Ok(all)
}

/// The ticket's clocks under the policy that applies to it now.
pub fn clocks<Q: Queries>(q: &Q, t: &Ticket) -> Result<SlaClocks> {
    clocks_with(q, t, &policies(q)?)
}

/// [`clocks`] with the policies already read (a recompute of many tickets).
pub fn clocks_with<Q: Queries>(q: &Q, t: &Ticket, policies: &[SlaPolicy]) -> Result<SlaClocks> {
    let company_tags = match t.company {
        Some(co) => q.get::<Company>(co)?.map(|c| c.tags).unwrap_or_default(),
        None => Vec::new(),
    };
    let facts = TicketFacts {
        priority: t.priority,
        tags: &t.tags,
        company_tags: &company_tags,
        channel: t.channel,
        custom: &t.custom,
    };
    let Some(policy) = crate::sla::pick(policies, &facts) else {
        return Ok(SlaClocks::default());
    };
    let calendar = match policy.calendar {
        Some(h) => Some(q.get::<Calendar>(h)?.ok_or_else(|| {
            Error::invalid(
                "calendar",
                format!(
                    "SLA policy L-{} counts in H-{h}, which does not exist",
                    policy.id
                ),
            )
        })?),
        None => None,
    };
    crate::sla::compute(&t.events, t.priority, Some(policy), calendar.as_ref())
        .map_err(|e| sla_error(&format!("L-{}", policy.id), e))
}

impl Prepare for SlaPolicy {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.name = required("name", &self.name)?;
        if let Some(h) = self.calendar {
            must_exist(tx, RecordId::new(Kind::Calendar, h), "calendar")?;
        }
        crate::sla::check_policy(self).map_err(|e| sla_error("policy", e))?;
        for p in tx.all::<SlaPolicy>()? {
            if p.id != self.id && p.name.eq_ignore_ascii_case(&self.name) {
                return Err(Error::invalid(
                    "name",
                    format!("an SLA policy named {} already exists (L-{})", p.name, p.id),
                ));
            }
        }
        stamp(self, tx, before.is_some());
        Ok(())
    }
}

impl Prepare for Calendar {
    fn prepare(&mut self, tx: &Tx, before: Option<&Self>) -> Result<()> {
        self.name = required("name", &self.name)?;
        crate::sla::check_calendar(self).map_err(|e| sla_error("calendar", e))?;
        for c in tx.all::<Calendar>()? {
            if c.id != self.id && c.name.eq_ignore_ascii_case(&self.name) {
                return Err(Error::invalid(
                    "name",
                    format!("a calendar named {} already exists (H-{})", c.name, c.id),
                ));
            }
        }
        self.holidays.sort_by_key(|h| h.date);
        self.holidays.dedup_by_key(|h| h.date);
        let now = tx.now();
        if before.is_none() {
            self.created = now;
        }
        self.updated = now;
        Ok(())
    }
}

fn stamp(p: &mut SlaPolicy, tx: &Tx, editing: bool) {
    if !editing {
        p.created = tx.now();
    }
    p.updated = tx.now();
}
