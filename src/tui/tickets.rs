//! The Tickets screen's state: a window of the unsolved-ticket queue in deadline order
//! (breached first), as index entries around the selection; the tickets themselves are
//! cached in [`super::data::Data`] only for the rows on screen. Also the kanban's marks:
//! the companies with an urgent or breached unsolved ticket.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use super::ticket_filter::TicketFilter;
use crate::model::{Instant, SlaPolicy};
use crate::store::TicketEntry;

/// Rows read on either side of the selection.
pub const MARGIN: usize = 60;
/// How close to a window's edge the selection may come before it is read again.
const EDGE: usize = 10;
/// How long a loaded queue stands before it is read again (deadlines pass).
pub const MAX_AGE_MS: i64 = 30_000;

/// The queue window and its view state.
#[derive(Debug, Clone, Default)]
pub struct TicketQueue {
    /// The entries read, in queue order, starting at position `base`.
    pub rows: Vec<TicketEntry>,
    /// The queue position of `rows[0]`.
    pub base: usize,
    /// How many tickets the queue (with its filter) holds.
    pub total: usize,
    /// The selected position in the queue.
    pub selected: usize,
    /// The first row drawn, adjusted while drawing.
    pub offset: Cell<usize>,
    /// The window must be read again.
    pub stale: bool,
    /// A ticket to select after the next read, wherever it is.
    pub focus: Option<u64>,
    /// Say which ticket is most urgent after the next read (`most_urgent`).
    pub announce: bool,
    /// The `/` filter as typed.
    pub filter: String,
    /// The filter as parsed (the empty filter while the text does not parse).
    pub parsed: TicketFilter,
    /// Why the filter text does not parse.
    pub error: Option<String>,
    /// The SLA policies (a small table), read with the window.
    pub policies: Vec<SlaPolicy>,
    /// When the window was read.
    pub loaded_at: Option<Instant>,
}

impl TicketQueue {
    /// A queue to be read.
    pub fn new() -> TicketQueue {
        TicketQueue {
            stale: true,
            ..TicketQueue::default()
        }
    }

    /// The selected entry, when read.
    pub fn selected_entry(&self) -> Option<&TicketEntry> {
        self.rows.get(self.selected.checked_sub(self.base)?)
    }

    /// The selected ticket's id.
    pub fn selected_id(&self) -> Option<u64> {
        self.selected_entry().map(|e| e.id)
    }

    /// The entry at queue position `i`, when read.
    pub fn row(&self, i: usize) -> Option<&TicketEntry> {
        self.rows.get(i.checked_sub(self.base)?)
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.total.saturating_sub(1));
    }

    /// Whether the rows read cover the selection with room to scroll.
    pub fn covers_selection(&self) -> bool {
        if self.total == 0 {
            return true;
        }
        let end = self.base + self.rows.len();
        let low =
            self.selected >= self.base && (self.base == 0 || self.selected >= self.base + EDGE);
        let high = self.selected < end && (end >= self.total || self.selected + EDGE < end);
        low && high
    }

    /// Sets the `/` filter; returns why the text does not parse (everything shows
    /// meanwhile).
    pub fn set_filter(&mut self, text: String) -> Option<String> {
        let parsed = TicketFilter::parse(&text);
        self.filter = text;
        // The selected ticket stays selected when the filter keeps it, else the top.
        self.focus = self.selected_id();
        self.selected = 0;
        self.stale = true;
        match parsed {
            Ok(f) => {
                self.parsed = f;
                self.error = None;
            }
            Err(e) => {
                self.parsed = TicketFilter::default();
                self.error = Some(e);
            }
        }
        self.error.clone()
    }

    /// The filter in force, with the screen's "mine" switch folded in.
    pub fn filter_with(&self, mine: bool) -> TicketFilter {
        let mut f = self.parsed.clone();
        f.mine |= mine;
        f
    }

    /// Marks the window stale when it was read more than [`MAX_AGE_MS`] before `now`
    /// (a deadline may have passed); true when it did.
    pub fn expire(&mut self, now: Instant) -> bool {
        let old = self
            .loaded_at
            .is_some_and(|at| (now - at).num_milliseconds() > MAX_AGE_MS);
        if old {
            self.stale = true;
        }
        old
    }
}

/// The kanban's service marks: companies with an unsolved ticket that is urgent or past
/// a running deadline.
#[derive(Debug, Clone, Default)]
pub struct DeskMarks {
    /// The companies to mark.
    pub companies: HashSet<u64>,
    /// Each hot ticket's company as read (tickets rarely change company: kept until a
    /// ticket changes).
    pub company_of: HashMap<u64, Option<u64>>,
    /// Must be read again.
    pub stale: bool,
    /// When they were read.
    pub loaded_at: Option<Instant>,
}

impl DeskMarks {
    /// Whether a deal of `company` carries the mark.
    pub fn marks(&self, company: Option<u64>) -> bool {
        company.is_some_and(|c| self.companies.contains(&c))
    }

    /// Marks the set stale when it is older than a minute; true when it did.
    pub fn expire(&mut self, now: Instant) -> bool {
        let old = self
            .loaded_at
            .is_some_and(|at| (now - at).num_milliseconds() > 2 * MAX_AGE_MS);
        if old {
            self.stale = true;
        }
        old
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TicketPriority, TicketStatus};

    fn entry(id: u64) -> TicketEntry {
        TicketEntry {
            due_ms: id as i64,
            id,
            status: TicketStatus::New,
            priority: TicketPriority::Normal,
            assignee: String::new(),
            paused: false,
            met_late: false,
        }
    }

    #[test]
    fn the_window_covers_the_selection_with_room_to_scroll() {
        let mut q = TicketQueue::new();
        q.total = 500;
        q.base = 100;
        q.rows = (100..221).map(entry).collect();
        q.selected = 160;
        assert!(q.covers_selection());
        assert_eq!(q.selected_id(), Some(160));
        q.selected = 105;
        assert!(!q.covers_selection(), "near the top edge");
        q.selected = 215;
        assert!(!q.covers_selection(), "near the bottom edge");
        q.move_by(10_000);
        assert_eq!(q.selected, 499);
        assert_eq!(q.selected_id(), None);
        q.base = 0;
        q.total = 3;
        q.rows = (0..3).map(entry).collect();
        q.selected = 2;
        assert!(q.covers_selection(), "a short queue read whole");
        assert!(q.set_filter("bogus".into()).is_some());
        assert!(q.parsed.is_empty() && q.stale);
        assert_eq!(q.set_filter("urgent".into()), None);
        assert!(q.filter_with(true).mine);
    }
}
