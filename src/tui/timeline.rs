//! Timelines: activities and system events (stage moves, won/lost, tasks done, from the
//! change log) merged newest first, for everything or for one record. Loading reads the
//! store by index (never every activity); the model only holds what is shown.

use std::cell::Cell;

use crate::model::{Activity, ActivityKind, Instant, Kind, Record, RecordId};
use crate::store::{Entry, Queries};

/// How many items a timeline loads.
pub const LIMIT: usize = 200;
/// How many of the latest change-log entries are searched for system events.
pub const EVENT_WINDOW: u64 = 5_000;

/// Which items a timeline shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    /// Everything.
    #[default]
    All,
    /// One kind of activity.
    Activity(ActivityKind),
    /// Only system events.
    System,
}

impl KindFilter {
    /// The next filter in the cycle.
    pub fn next(self) -> KindFilter {
        use ActivityKind::*;
        match self {
            KindFilter::All => KindFilter::Activity(Call),
            KindFilter::Activity(Call) => KindFilter::Activity(Email),
            KindFilter::Activity(Email) => KindFilter::Activity(Meeting),
            KindFilter::Activity(Meeting) => KindFilter::Activity(Note),
            KindFilter::Activity(Note) => KindFilter::System,
            KindFilter::System => KindFilter::All,
        }
    }

    /// The label shown in the pane title.
    pub fn label(self) -> &'static str {
        match self {
            KindFilter::All => "all kinds",
            KindFilter::Activity(k) => k.as_str(),
            KindFilter::System => "system",
        }
    }

    /// Whether an item passes.
    pub fn keeps(self, item: &TimelineItem) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Activity(k) => item.kind == ItemKind::Activity(k),
            KindFilter::System => item.kind == ItemKind::System,
        }
    }
}

/// An activity or a system event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A logged call, email, meeting or note.
    Activity(ActivityKind),
    /// A stage move, a win or loss, a task done.
    System,
}

impl ItemKind {
    /// A short tag for the row.
    pub fn tag(self) -> &'static str {
        match self {
            ItemKind::Activity(k) => k.as_str(),
            ItemKind::System => "event",
        }
    }
}

/// One timeline row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// When it happened.
    pub at: Instant,
    /// Activity or system event.
    pub kind: ItemKind,
    /// Who logged or made it.
    pub who: String,
    /// Subject or summary (raw; sanitised when drawn).
    pub text: String,
    /// The record to open for it (the activity's deal or first contact, the event's record).
    pub target: Option<RecordId>,
}

/// A loaded timeline with its selection.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Show only the selected record's timeline.
    pub follow: bool,
    /// The kind filter.
    pub filter: KindFilter,
    /// Loaded items, newest first (unfiltered).
    pub items: Vec<TimelineItem>,
    /// What `items` were loaded for: scope and revision.
    pub loaded: Option<(Option<RecordId>, u64)>,
    /// The selected row among the filtered items.
    pub selected: usize,
    /// The first row drawn, adjusted while drawing.
    pub offset: Cell<usize>,
}

impl Timeline {
    /// The items passing the filter.
    pub fn visible(&self) -> Vec<&TimelineItem> {
        self.items.iter().filter(|i| self.filter.keeps(i)).collect()
    }

    /// Moves the selection by `delta` rows (clamped).
    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible().len();
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }
}

/// The operations whose entries the timeline shows as system events.
const SYSTEM_OPS: &[&str] = &["deal.move", "deal.won", "deal.lost", "task.done"];

fn from_activity(a: Activity) -> TimelineItem {
    let target = a
        .deal
        .map(|d| RecordId::new(Kind::Deal, d))
        .or_else(|| a.contacts.first().map(|c| RecordId::new(Kind::Contact, *c)))
        .or_else(|| a.company.map(|c| RecordId::new(Kind::Company, c)));
    TimelineItem {
        at: a.at,
        kind: ItemKind::Activity(a.kind),
        who: a.author,
        text: a.subject,
        target,
    }
}

fn from_entry(e: Entry) -> TimelineItem {
    let target = e.changes.first().map(|c| match c.after.as_deref() {
        Some(Record::Task(t)) => t.link.unwrap_or(c.rid),
        _ => c.rid,
    });
    TimelineItem {
        at: e.at,
        kind: ItemKind::System,
        who: e.author(),
        text: e.summary,
        target,
    }
}

/// Loads a timeline: everything (`scope` none) or one record's, newest first.
pub fn load(q: &impl Queries, scope: Option<RecordId>) -> crate::Result<Vec<TimelineItem>> {
    let ids = match scope {
        Some(rid) => q.timeline_ids(rid, LIMIT)?,
        None => q.recent_activity_ids(LIMIT)?,
    };
    let mut items: Vec<TimelineItem> = q.activities(&ids)?.into_iter().map(from_activity).collect();
    let related = |e: &Entry| {
        scope.is_none_or(|rid| {
            e.touches(rid)
                || e.changes.iter().any(|c| match c.after.as_deref() {
                    Some(Record::Task(t)) => t.link == Some(rid),
                    _ => false,
                })
        })
    };
    // The change log has no per-record index yet, so events come from a window of the
    // latest entries, read newest first and decoded only when they are events: bounded
    // work per reload however long the log grows.
    let entries = q.entries_back_of(SYSTEM_OPS, EVENT_WINDOW, LIMIT, related)?;
    items.extend(entries.into_iter().map(from_entry));
    items.sort_by_key(|i| std::cmp::Reverse(i.at));
    items.truncate(LIMIT);
    Ok(items)
}
