//! Today's task queue: open tasks overdue, due today, and due in the next seven days,
//! mine or everyone's, ordered by urgency: overdue first, then due today, then the next
//! days; within each, high priority first, then the linked deal's value, then due time.

use std::cell::Cell;

use chrono::NaiveDate;

use crate::store::QueueEntry;

/// What Today orders by: group, priority (high first), deal value (largest first), due
/// day, due time, task id.
type UrgencyKey = (
    Group,
    std::cmp::Reverse<u8>,
    std::cmp::Reverse<i64>,
    i32,
    u32,
    u64,
);

/// Which part of the queue a task falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Due before today.
    Overdue,
    /// Due today.
    Today,
    /// Due in the next seven days.
    Soon,
}

impl Group {
    /// The heading shown above the group.
    pub fn title(self) -> &'static str {
        match self {
            Group::Overdue => "Overdue",
            Group::Today => "Today",
            Group::Soon => "Next 7 days",
        }
    }
}

/// The queue state: every task of the window (overdue, today, the next 7 days) in
/// urgency order, as ids from the queue index; records are read only for the rows on
/// screen.
#[derive(Debug, Clone, Default)]
pub struct TaskQueue {
    /// (group, task id) in display order.
    pub rows: Vec<(Group, u64)>,
    /// The selected row.
    pub selected: usize,
    /// The first line drawn, adjusted while drawing.
    pub offset: Cell<usize>,
    /// The rows must be read again.
    pub stale: bool,
}

impl TaskQueue {
    /// Rebuilds from the queue index's entries (due up to a week ahead, of the
    /// assignee shown), keeping the selected task selected when it stays; `keep` is the
    /// `/` filter's matches.
    pub fn rebuild(
        &mut self,
        entries: &[QueueEntry],
        today: NaiveDate,
        keep: Option<&std::collections::HashSet<u64>>,
    ) {
        use chrono::Datelike;
        let selected = self.selected_id();
        let today_n = today.num_days_from_ce();
        let horizon = today_n + 7;
        // Amounts of different currencies are compared as they are: the order is a hint
        // of urgency, not a sum.
        let mut rows: Vec<UrgencyKey> = entries
            .iter()
            .filter(|e| keep.is_none_or(|k| k.contains(&e.task)))
            .filter_map(|e| {
                let group = if e.day < today_n {
                    Group::Overdue
                } else if e.day == today_n {
                    Group::Today
                } else if e.day <= horizon {
                    Group::Soon
                } else {
                    return None;
                };
                Some((
                    group,
                    std::cmp::Reverse(e.priority),
                    std::cmp::Reverse(e.deal_value),
                    e.day,
                    e.time,
                    e.task,
                ))
            })
            .collect();
        rows.sort_unstable();
        self.rows = rows
            .into_iter()
            .map(|(g, _, _, _, _, id)| (g, id))
            .collect();
        self.stale = false;
        if let Some(id) = selected
            && let Some(i) = self.rows.iter().position(|(_, t)| *t == id)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The selected task.
    pub fn selected_id(&self) -> Option<u64> {
        self.rows.get(self.selected).map(|(_, id)| *id)
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.rows.len().saturating_sub(1));
    }
}
