//! Today's task queue: open tasks overdue, due today, and due in the next seven days,
//! mine or everyone's, ordered by urgency: overdue first, then due today, then the next
//! days; within each, high priority first, then the linked deal's value, then due time.

use std::cell::Cell;

use chrono::NaiveDate;

use super::data::Data;

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

/// The queue state.
#[derive(Debug, Clone, Default)]
pub struct TaskQueue {
    /// (group, task id) in display order.
    pub rows: Vec<(Group, u64)>,
    /// The selected row.
    pub selected: usize,
    /// The first line drawn, adjusted while drawing.
    pub offset: Cell<usize>,
}

impl TaskQueue {
    /// Rebuilds from the open tasks, keeping the selected task selected when it stays.
    pub fn rebuild(&mut self, data: &Data, today: NaiveDate, assignee: Option<&str>) {
        let keep = self.selected_id();
        let horizon = today + chrono::Days::new(7);
        // Amounts of different currencies are compared as they are: the order is a hint
        // of urgency, not a sum.
        let value = |t: &crate::model::Task| {
            t.link
                .filter(|l| l.kind == crate::model::Kind::Deal)
                .and_then(|l| data.deals.get(&l.id))
                .map(|d| d.value)
                .unwrap_or(0)
        };
        #[allow(clippy::type_complexity)]
        let mut rows: Vec<(
            Group,
            std::cmp::Reverse<crate::model::Priority>,
            std::cmp::Reverse<i64>,
            NaiveDate,
            Option<chrono::NaiveTime>,
            u64,
        )> = data
            .tasks
            .values()
            .filter(|t| assignee.is_none_or(|a| t.assignee == a))
            .filter_map(|t| {
                let due = t.due?;
                let group = if due.date < today {
                    Group::Overdue
                } else if due.date == today {
                    Group::Today
                } else if due.date <= horizon {
                    Group::Soon
                } else {
                    return None;
                };
                Some((
                    group,
                    std::cmp::Reverse(t.priority),
                    std::cmp::Reverse(value(t)),
                    due.date,
                    due.time,
                    t.id,
                ))
            })
            .collect();
        rows.sort();
        self.rows = rows
            .into_iter()
            .map(|(g, _, _, _, _, id)| (g, id))
            .collect();
        if let Some(id) = keep
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
