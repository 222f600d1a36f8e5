//! A task: the next step with a customer, due on a date and assigned to someone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Due, Instant, RecordId, ms};

/// How urgent a task is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Can slip.
    Low,
    /// The usual.
    #[default]
    Normal,
    /// Do first.
    High,
}

impl Priority {
    /// The lower-case word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<Priority> {
        [Priority::Low, Priority::Normal, Priority::High]
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// A to-do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Task {
    /// Numeric id (shown as `T-id`).
    pub id: u64,
    /// What to do.
    pub title: String,
    /// When it is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// Who does it.
    pub assignee: String,
    /// The contact, company or deal it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<RecordId>,
    /// Low, normal or high.
    pub priority: Priority,
    /// When it was completed; none while open.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub done_at: Option<Instant>,
    /// Free notes.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The task's ids in the products it was imported from ("pipedrive" →
    /// "pipedrive-activity-402"), so that importing the same export again matches it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub source_ids: BTreeMap<String, String>,
    /// Repeats: completing it creates the next one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recur: Option<Recurrence>,
    /// Closed by itself when the customer answers or any activity is logged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_close: Option<AutoClose>,
    /// Why it was closed without being done ("reply received").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_reason: Option<String>,
    /// When the record was created.
    #[serde(with = "ms::required")]
    pub created: Instant,
    /// When the record was last changed.
    #[serde(with = "ms::required")]
    pub updated: Instant,
}

/// How a task repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    /// The interval.
    pub every: u32,
    /// Its unit.
    pub unit: RecurUnit,
    /// Count from the completion day instead of the due date.
    #[serde(default)]
    pub after_completion: bool,
}

/// The unit of a recurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecurUnit {
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Calendar months.
    Months,
}

/// What closes a task by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoClose {
    /// An inbound email or call on the linked record (a follow-up that waits for a reply).
    OnReply,
    /// Any activity on the linked record (a keep-in-touch reminder).
    OnActivity,
}

impl Task {
    /// Whether the task is still to do.
    pub fn is_open(&self) -> bool {
        self.done_at.is_none()
    }
}
