//! The Tickets screen's `/` filter: words that the queue index can answer without
//! reading a ticket (`mine`, `unassigned`, `@alex`, `breached`, a priority, a status).
//! Words of one kind widen (`urgent high`), kinds narrow (`mine urgent`).

use crate::model::{TicketPriority, TicketStatus};
use crate::store::TicketEntry;

/// A parsed filter; the empty filter keeps every unsolved ticket.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketFilter {
    /// Only the user's own tickets.
    pub mine: bool,
    /// Only tickets nobody has taken.
    pub unassigned: bool,
    /// Only these people's tickets (lower-case).
    pub assignees: Vec<String>,
    /// Only tickets past a running deadline.
    pub breached: bool,
    /// Only these priorities.
    pub priorities: Vec<TicketPriority>,
    /// Only these statuses.
    pub statuses: Vec<TicketStatus>,
}

impl TicketFilter {
    /// Reads the words; an unknown word is refused with the words there are.
    pub fn parse(text: &str) -> Result<TicketFilter, String> {
        let mut f = TicketFilter::default();
        for word in text.split_whitespace() {
            let w = word.to_lowercase();
            if let Some(who) = w.strip_prefix('@').filter(|w| !w.is_empty()) {
                f.assignees.push(who.to_string());
            } else if matches!(w.as_str(), "mine" | "me") {
                f.mine = true;
            } else if matches!(w.as_str(), "unassigned" | "nobody" | "none") {
                f.unassigned = true;
            } else if matches!(w.as_str(), "breached" | "late" | "!") {
                f.breached = true;
            } else if let Some(p) = TicketPriority::parse(&w) {
                f.priorities.push(p);
            } else if let Some(s) = TicketStatus::parse(&w).filter(|s| s.is_unsolved()) {
                f.statuses.push(s);
            } else {
                return Err(format!(
                    "'{word}' is not a filter word: use mine, unassigned, @name, breached, \
                     a priority (urgent, high, normal, low) or a status (new, open, pending, on-hold)"
                ));
            }
        }
        Ok(f)
    }

    /// Whether it keeps every ticket.
    pub fn is_empty(&self) -> bool {
        *self == TicketFilter::default()
    }

    /// The latest deadline worth reading: breached tickets all sit at the start of the
    /// queue, so the read stops at `now`.
    pub fn until(&self, now_ms: i64) -> Option<i64> {
        self.breached.then_some(now_ms)
    }

    /// Whether the queue entry passes, for user `me` at `now_ms`.
    pub fn keeps(&self, e: &TicketEntry, me: &str, now_ms: i64) -> bool {
        let who = |w: &str| e.assignee.eq_ignore_ascii_case(w);
        let people = !self.mine && !self.unassigned && self.assignees.is_empty()
            || self.mine && who(me)
            || self.unassigned && e.assignee.is_empty()
            || self.assignees.iter().any(|a| who(a));
        people
            && (!self.breached || e.due_ms <= now_ms)
            && (self.priorities.is_empty() || self.priorities.contains(&e.priority))
            && (self.statuses.is_empty() || self.statuses.contains(&e.status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(assignee: &str, due_ms: i64, priority: TicketPriority) -> TicketEntry {
        TicketEntry {
            due_ms,
            id: 1,
            status: TicketStatus::Open,
            priority,
            assignee: assignee.into(),
            paused: false,
            met_late: false,
        }
    }

    #[test]
    fn words_of_a_kind_widen_and_kinds_narrow() {
        let f = TicketFilter::parse("mine urgent HIGH").unwrap();
        assert!(f.mine && f.priorities.len() == 2);
        assert!(f.keeps(&entry("sam", 5, TicketPriority::High), "sam", 0));
        assert!(!f.keeps(&entry("alex", 5, TicketPriority::High), "sam", 0));
        assert!(!f.keeps(&entry("sam", 5, TicketPriority::Low), "sam", 0));

        let f = TicketFilter::parse("unassigned @alex breached").unwrap();
        assert!(f.keeps(&entry("", 5, TicketPriority::Low), "sam", 10));
        assert!(f.keeps(&entry("Alex", 5, TicketPriority::Low), "sam", 10));
        assert!(!f.keeps(&entry("sam", 5, TicketPriority::Low), "sam", 10));
        assert!(!f.keeps(&entry("", 50, TicketPriority::Low), "sam", 10));
        assert_eq!(f.until(10), Some(10));

        let f = TicketFilter::parse("on-hold").unwrap();
        assert_eq!(f.statuses, [TicketStatus::OnHold]);
        assert!(TicketFilter::parse("").unwrap().is_empty());
        let e = TicketFilter::parse("mine solved").unwrap_err();
        assert!(e.contains("'solved' is not a filter word"), "{e}");
    }
}
