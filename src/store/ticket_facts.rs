//! A ticket's report fact: what `rolo report tickets` needs of each ticket, in a fixed
//! 80-byte row kept by every write beside the ticket ([`IDX_TICKET_FACTS`]), so the
//! report reads small rows instead of decoding every ticket and its history.

use redb::TableDefinition;

use crate::model::{Clock, EventKind, Ticket, TicketPriority, TicketStatus};

/// Ticket id → its [`TicketFact`] as bytes.
pub const IDX_TICKET_FACTS: TableDefinition<u64, &[u8]> = TableDefinition::new("idx_ticket_facts");

/// A clock as the report counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClockFact {
    /// The policy sets no such target (or it does not apply).
    #[default]
    None,
    /// Running, due at this instant (ms).
    Running(i64),
    /// Paused with this many ms left (negative: overdue).
    Paused(i64),
    /// Met in time.
    Met,
    /// Met late.
    MetLate,
}

impl ClockFact {
    fn of(c: Option<Clock>) -> ClockFact {
        match c {
            None => ClockFact::None,
            Some(Clock::Running { due }) => ClockFact::Running(due.timestamp_millis()),
            Some(Clock::Paused { left_ms }) => ClockFact::Paused(left_ms),
            Some(Clock::Met {
                breached: false, ..
            }) => ClockFact::Met,
            Some(Clock::Met { breached: true, .. }) => ClockFact::MetLate,
        }
    }

    fn code(self) -> (u8, i64) {
        match self {
            ClockFact::None => (0, 0),
            ClockFact::Running(d) => (1, d),
            ClockFact::Paused(l) => (2, l),
            ClockFact::Met => (3, 0),
            ClockFact::MetLate => (4, 0),
        }
    }

    fn from_code(c: u8, v: i64) -> ClockFact {
        match c {
            1 => ClockFact::Running(v),
            2 => ClockFact::Paused(v),
            3 => ClockFact::Met,
            4 => ClockFact::MetLate,
            _ => ClockFact::None,
        }
    }

    /// Whether the target is decided at `now_ms`: met (in time or late), or missed
    /// already (overdue). `Some(true)` achieved, `Some(false)` missed, `None` pending.
    pub fn achieved(self, now_ms: i64) -> Option<bool> {
        match self {
            ClockFact::None => None,
            ClockFact::Met => Some(true),
            ClockFact::MetLate => Some(false),
            ClockFact::Running(due) => (due <= now_ms).then_some(false),
            ClockFact::Paused(left) => (left <= 0).then_some(false),
        }
    }
}

/// What the tickets report reads of one ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TicketFact {
    /// Created, ms.
    pub created: i64,
    /// Last solved, ms; `None` while unsolved.
    pub solved: Option<i64>,
    /// Priority.
    pub priority: TicketPriority,
    /// Status.
    pub status: TicketStatus,
    /// The first-reply clock.
    pub first_reply: ClockFact,
    /// The next-reply clock (latest cycle).
    pub next_reply: ClockFact,
    /// The resolution clock.
    pub resolution: ClockFact,
    /// Business ms to the first reply.
    pub first_reply_business_ms: Option<i64>,
    /// Calendar ms to the first reply.
    pub first_reply_calendar_ms: Option<i64>,
    /// Next-reply cycles and how many missed.
    pub next_cycles: u32,
    /// See `next_cycles`.
    pub next_breaches: u32,
    /// Times reopened.
    pub reopened: u32,
    /// Public agent replies.
    pub replies: u32,
}

const LEN: usize = 80;

impl TicketFact {
    /// The fact of a ticket.
    pub fn of(t: &Ticket) -> TicketFact {
        let created = t.created.timestamp_millis();
        let first_reply_at = t
            .events
            .iter()
            .find(|e| e.what == EventKind::AgentReply)
            .map(|e| e.at.timestamp_millis());
        TicketFact {
            created,
            solved: t.solved_at.map(|s| s.timestamp_millis()),
            priority: t.priority,
            status: t.status,
            first_reply: ClockFact::of(t.sla.first_reply),
            next_reply: ClockFact::of(t.sla.next_reply),
            resolution: ClockFact::of(t.sla.resolution),
            first_reply_business_ms: t.sla.first_reply_business_ms,
            first_reply_calendar_ms: first_reply_at.map(|a| (a - created).max(0)),
            next_cycles: t.sla.next_reply_cycles,
            next_breaches: t.sla.next_reply_breaches,
            reopened: t.reopened,
            replies: u32::try_from(t.replies()).unwrap_or(u32::MAX),
        }
    }

    /// The stored row.
    pub fn encode(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(LEN);
        let opt = |v: Option<i64>| v.unwrap_or(i64::MIN);
        let (c1, v1) = self.first_reply.code();
        let (c2, v2) = self.next_reply.code();
        let (c3, v3) = self.resolution.code();
        b.extend(self.created.to_le_bytes());
        b.extend(opt(self.solved).to_le_bytes());
        b.extend([self.priority as u8, self.status as u8, c1, c2, c3, 0, 0, 0]);
        b.extend(v1.to_le_bytes());
        b.extend(v2.to_le_bytes());
        b.extend(v3.to_le_bytes());
        b.extend(opt(self.first_reply_business_ms).to_le_bytes());
        b.extend(opt(self.first_reply_calendar_ms).to_le_bytes());
        for n in [
            self.next_cycles,
            self.next_breaches,
            self.reopened,
            self.replies,
        ] {
            b.extend(n.to_le_bytes());
        }
        b
    }

    /// Reads a stored row; `None` when it is not one.
    pub fn decode(b: &[u8]) -> Option<TicketFact> {
        if b.len() != LEN {
            return None;
        }
        let i64_at = |i: usize| -> Option<i64> {
            Some(i64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
        };
        let u32_at = |i: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
        };
        let opt = |v: i64| (v != i64::MIN).then_some(v);
        Some(TicketFact {
            created: i64_at(0)?,
            solved: opt(i64_at(8)?),
            priority: TicketPriority::ALL.get(usize::from(b[16])).copied()?,
            status: TicketStatus::ALL.get(usize::from(b[17])).copied()?,
            first_reply: ClockFact::from_code(b[18], i64_at(24)?),
            next_reply: ClockFact::from_code(b[19], i64_at(32)?),
            resolution: ClockFact::from_code(b[20], i64_at(40)?),
            first_reply_business_ms: opt(i64_at(48)?),
            first_reply_calendar_ms: opt(i64_at(56)?),
            next_cycles: u32_at(64)?,
            next_breaches: u32_at(68)?,
            reopened: u32_at(72)?,
            replies: u32_at(76)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_reads_back_as_written() {
        let f = TicketFact {
            created: 1_700_000_000_000,
            solved: Some(1_700_000_500_000),
            priority: TicketPriority::Urgent,
            status: TicketStatus::Solved,
            first_reply: ClockFact::MetLate,
            next_reply: ClockFact::Running(1_700_000_900_000),
            resolution: ClockFact::Paused(-5),
            first_reply_business_ms: Some(3_600_000),
            first_reply_calendar_ms: None,
            next_cycles: 3,
            next_breaches: 1,
            reopened: 2,
            replies: 4,
        };
        let b = f.encode();
        assert_eq!(b.len(), LEN);
        assert_eq!(TicketFact::decode(&b), Some(f));
        assert_eq!(TicketFact::decode(&b[1..]), None);
    }
}
