//! Reads of the service desk through its indexes: the ticket queue in deadline order
//! (`--breached`, `--due-within`, the Tickets screen) and the solved tickets waiting to
//! close. Each reads index keys and small values; none decodes the tickets table.

use redb::{ReadableTable, ReadableTableMetadata};

use super::query::{Queries, Snapshot};
use super::tables::*;
use crate::error::Result;
use crate::model::{Ticket, TicketPriority, TicketStatus};

/// One unsolved ticket as the queue index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEntry {
    /// Its earliest running deadline in ms; `i64::MAX` when no clock runs.
    pub due_ms: i64,
    /// The ticket's id.
    pub id: u64,
    /// Its status.
    pub status: TicketStatus,
    /// Its priority.
    pub priority: TicketPriority,
    /// Who has it ("" for nobody).
    pub assignee: String,
    /// A clock is paused.
    pub paused: bool,
    /// A target was met late.
    pub met_late: bool,
}

impl TicketEntry {
    /// Its deadline, when a clock runs.
    pub fn due(&self) -> Option<crate::model::Instant> {
        (self.due_ms != i64::MAX)
            .then(|| chrono::DateTime::from_timestamp_millis(self.due_ms))
            .flatten()
    }
}

/// Ticket reads over any snapshot.
pub trait TicketReads: Queries {
    /// Unsolved tickets in deadline order (those with no running clock last), with a
    /// deadline at or before `until_ms` when given, keeping those `keep` accepts, at
    /// most `limit`.
    fn ticket_queue(
        &self,
        until_ms: Option<i64>,
        keep: &mut dyn FnMut(&TicketEntry) -> bool,
        limit: usize,
    ) -> Result<Vec<TicketEntry>> {
        let Some(t) = self.snap().table(IDX_TICKET_QUEUE)? else {
            return Ok(Vec::new());
        };
        let end = (until_ms.unwrap_or(i64::MAX), u64::MAX);
        let mut out = Vec::new();
        for row in t.range((i64::MIN, 0)..=end)? {
            let (k, v) = row?;
            let (due_ms, id) = k.value();
            let (status, priority, assignee, flags) = v.value();
            let entry = TicketEntry {
                due_ms,
                id,
                status: TicketStatus::ALL
                    .get(usize::from(status))
                    .copied()
                    .unwrap_or_default(),
                priority: TicketPriority::ALL
                    .get(usize::from(priority))
                    .copied()
                    .unwrap_or_default(),
                assignee: assignee.to_string(),
                paused: flags & 1 != 0,
                met_late: flags & 2 != 0,
            };
            if keep(&entry) {
                out.push(entry);
                if out.len() >= limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Tickets newest first that `keep` accepts, skipping the first `skip` of those, at
    /// most `limit` (lists of solved and closed tickets, which the queue does not hold).
    fn tickets_newest(
        &self,
        keep: &mut dyn FnMut(&Ticket) -> bool,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Ticket>> {
        let Some(t) = self.snap().table(records(crate::model::Kind::Ticket))? else {
            return Ok(Vec::new());
        };
        let (mut out, mut skipped) = (Vec::new(), 0);
        for row in t.iter()?.rev() {
            if out.len() >= limit {
                break;
            }
            let ticket: Ticket = decode(row?.1.value())?;
            if !keep(&ticket) {
                continue;
            }
            if skipped < skip {
                skipped += 1;
                continue;
            }
            out.push(ticket);
        }
        Ok(out)
    }

    /// Calls `f` with every ticket's report row ([`super::ticket_facts`]).
    fn each_ticket_fact(
        &self,
        f: &mut dyn FnMut(u64, super::ticket_facts::TicketFact),
    ) -> Result<()> {
        let Some(t) = self.snap().table(super::ticket_facts::IDX_TICKET_FACTS)? else {
            return Ok(());
        };
        for row in t.iter()? {
            let (k, v) = row?;
            if let Some(fact) = super::ticket_facts::TicketFact::decode(v.value()) {
                f(k.value(), fact);
            }
        }
        Ok(())
    }

    /// How many tickets are unsolved.
    fn unsolved_tickets(&self) -> Result<u64> {
        match self.snap().table(IDX_TICKET_QUEUE)? {
            Some(t) => Ok(t.len()?),
            None => Ok(0),
        }
    }

    /// Solved tickets solved at or before `cutoff_ms` (oldest first): those the sweep
    /// closes.
    fn solved_before(&self, cutoff_ms: i64, limit: usize) -> Result<Vec<u64>> {
        let Some(t) = self.snap().table(IDX_TICKET_SOLVED)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for row in t.range((i64::MIN, 0)..=(cutoff_ms, u64::MAX))? {
            out.push(row?.0.value().1);
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }
}

impl<Q: Queries> TicketReads for Q {}
