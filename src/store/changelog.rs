//! The change log: one entry per committed operation, keyed by revision. It is the
//! audit trail, the source of undo/redo, the feed that keeps open TUIs live, and the
//! history behind stage-conversion reports.

use serde::{Deserialize, Serialize};

use crate::model::{Instant, Record, RecordId, ms};

/// One record before and after an operation; `None` means absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The record touched.
    pub rid: RecordId,
    /// Its state before (none: it was created).
    pub before: Option<Record>,
    /// Its state after (none: it was deleted).
    pub after: Option<Record>,
    /// The automation rule that made this change, when one did ("R-1 Follow up...").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

/// Whether an entry is a plain operation or reverses/reapplies another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A normal operation.
    #[default]
    Op,
    /// Reverted the entry at this revision.
    Undo(u64),
    /// Reapplied the entry undone by the undo at this revision.
    Redo(u64),
    /// A bulk load (demo, import) whose records are not listed; it cannot be undone.
    Bulk,
}

/// One committed operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Entry {
    /// Revision number; entry N is the N-th change to the database.
    pub rev: u64,
    /// When it was committed.
    #[serde(with = "ms::required")]
    pub at: Instant,
    /// Who made it (display name).
    pub user: String,
    /// The OS uid of the process that made it.
    pub uid: u32,
    /// The operation's name ("deal.move").
    pub op: String,
    /// A one-line description ("moved D-17 to Negotiation").
    pub summary: String,
    /// Plain, undo, redo or bulk.
    pub kind: EntryKind,
    /// Every record touched, before and after.
    pub changes: Vec<Change>,
}

impl Default for Entry {
    fn default() -> Self {
        Entry {
            rev: 0,
            at: Instant::default(),
            user: String::new(),
            uid: 0,
            op: String::new(),
            summary: String::new(),
            kind: EntryKind::Op,
            changes: Vec::new(),
        }
    }
}

impl Entry {
    /// Whether the entry touched this record.
    pub fn touches(&self, rid: RecordId) -> bool {
        self.changes.iter().any(|c| c.rid == rid)
    }
}
