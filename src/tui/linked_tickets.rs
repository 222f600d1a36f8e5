//! The tickets a contact, company or deal detail lists: found through the link index,
//! unsolved ones first (by next deadline), then the latest solved, a handful at most,
//! with a count. A customer with thousands of tickets costs a bounded read: only the
//! newest [`READ`] are decoded.

use crate::model::{Kind, RecordId, Ticket};
use crate::store::Queries;

/// How many tickets a detail lists.
pub const SHOWN: usize = 5;
/// How many of the newest linked tickets are read to pick them.
pub const READ: usize = 200;

/// What a detail says about a record's tickets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TicketCount {
    /// Unsolved among those read.
    pub unsolved: usize,
    /// Linked in all.
    pub total: usize,
    /// Every linked ticket was read (else `unsolved` is a lower bound).
    pub complete: bool,
}

impl TicketCount {
    /// "2 unsolved of 7", "2+ unsolved of 900", "none".
    pub fn describe(&self) -> String {
        if self.total == 0 {
            return "none".into();
        }
        let plus = if self.complete { "" } else { "+" };
        format!("{}{plus} unsolved of {}", self.unsolved, self.total)
    }
}

/// The tickets of `rid` to list (read, so the caller caches them) and their count.
pub fn load(q: &impl Queries, rid: RecordId) -> crate::Result<(Vec<Ticket>, TicketCount)> {
    let ids = q.linked(rid, Kind::Ticket)?;
    let mut read: Vec<Ticket> = Vec::new();
    let mut newest = ids.clone();
    newest.sort_unstable_by(|a, b| b.cmp(a));
    for id in newest.into_iter().take(READ) {
        if let Some(t) = q.get::<Ticket>(id)? {
            read.push(t);
        }
    }
    let count = TicketCount {
        unsolved: read.iter().filter(|t| t.is_unsolved()).count(),
        total: ids.len(),
        complete: ids.len() <= READ,
    };
    Ok((pick(read), count))
}

/// Unsolved first by next deadline, then solved newest first; at most [`SHOWN`].
pub fn pick(mut tickets: Vec<Ticket>) -> Vec<Ticket> {
    tickets.sort_by_key(|t| {
        let unsolved = t.is_unsolved();
        (
            !unsolved,
            if unsolved { t.queue_at() } else { 0 },
            std::cmp::Reverse(t.id),
        )
    });
    tickets.truncate(SHOWN);
    tickets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TicketStatus;

    #[test]
    fn unsolved_come_first_and_a_handful_show() {
        let t = |id, status| Ticket {
            id,
            status,
            ..Ticket::default()
        };
        let all = vec![
            t(1, TicketStatus::Closed),
            t(2, TicketStatus::Open),
            t(3, TicketStatus::Solved),
            t(4, TicketStatus::New),
            t(5, TicketStatus::Closed),
            t(6, TicketStatus::Closed),
            t(7, TicketStatus::Closed),
        ];
        let ids: Vec<u64> = pick(all).iter().map(|t| t.id).collect();
        assert_eq!(ids, [4, 2, 7, 6, 5]);
        let c = TicketCount {
            unsolved: 2,
            total: 900,
            complete: false,
        };
        assert_eq!(c.describe(), "2+ unsolved of 900");
        assert_eq!(TicketCount::default().describe(), "none");
    }
}
