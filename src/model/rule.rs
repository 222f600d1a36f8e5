//! Automation rules as stored: when something happens (a trigger), and the record
//! meets the conditions, do the actions. Rules live in the database so a team shares
//! them; their TOML form (`rolo rule export`) is the same serde shape.

use serde::{Deserialize, Serialize};

use super::{ActivityKind, Instant, Lifecycle, TicketPriority, TicketStatus, ms};

/// A rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rule {
    /// Numeric id (shown as `R-id`).
    #[serde(skip_serializing_if = "is_zero")]
    pub id: u64,
    /// What the rule is for, in a few words.
    pub name: String,
    /// Disabled rules never fire.
    pub enabled: bool,
    /// What starts it.
    pub when: Trigger,
    /// All must hold for the record.
    #[serde(skip_serializing_if = "Vec::is_empty", rename = "if")]
    pub conditions: Vec<Condition>,
    /// What it does, in order.
    #[serde(rename = "then")]
    pub actions: Vec<Action>,
    /// When the rule was created.
    #[serde(with = "ms::required")]
    pub created: Instant,
    /// When the rule was last changed.
    #[serde(with = "ms::required")]
    pub updated: Instant,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Default for Rule {
    fn default() -> Self {
        Rule {
            id: 0,
            name: String::new(),
            enabled: true,
            when: Trigger::DealCreated,
            conditions: Vec::new(),
            actions: Vec::new(),
            created: Instant::default(),
            updated: Instant::default(),
        }
    }
}

/// What starts a rule: an event inside an operation, or a time condition checked by
/// the sweep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Trigger {
    /// A deal was created.
    DealCreated,
    /// A deal entered the named stage.
    EnteredStage {
        /// Stage name (case-insensitive).
        stage: String,
    },
    /// An open deal sat in its stage longer than `days` (none: the stage's rotting
    /// threshold). Checked by the sweep.
    DealIdle {
        /// Days in the stage; none means the stage's own threshold.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<u32>,
    },
    /// A deal was won.
    DealWon,
    /// A deal was lost.
    DealLost,
    /// A contact was created.
    ContactCreated,
    /// A contact had no activity for `days`. Checked by the sweep.
    ContactQuiet {
        /// Days without activity.
        days: u32,
    },
    /// A task was completed.
    TaskCompleted,
    /// An activity was logged (of this kind, when given).
    ActivityLogged {
        /// Only this kind.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<ActivityKind>,
    },
    /// An open deal's expected close date is `days` away or less. Checked by the sweep.
    CloseApproaching {
        /// Days before the close date.
        days: u32,
    },
    /// A won deal's renewal date is `days` away or less. Checked by the sweep.
    RenewalApproaching {
        /// Days before the renewal date.
        days: u32,
    },
    /// A ticket was opened.
    TicketCreated,
    /// A ticket moved to this status.
    TicketStatus {
        /// The status it moved to.
        status: TicketStatus,
    },
    /// An unsolved ticket's next SLA deadline is `hours` away or less (and not yet
    /// passed). Checked by the sweep; fires once per deadline.
    SlaBreachIn {
        /// Hours before the deadline.
        hours: u32,
    },
    /// An unsolved ticket's SLA deadline passed. Checked by the sweep; fires once per
    /// deadline.
    SlaBreached,
}

impl Trigger {
    /// Whether the sweep checks this trigger (rather than an operation).
    pub fn is_timed(&self) -> bool {
        matches!(
            self,
            Trigger::DealIdle { .. }
                | Trigger::ContactQuiet { .. }
                | Trigger::CloseApproaching { .. }
                | Trigger::RenewalApproaching { .. }
                | Trigger::SlaBreachIn { .. }
                | Trigger::SlaBreached
        )
    }

    /// Whether the trigger is about tickets.
    pub fn is_ticket(&self) -> bool {
        matches!(
            self,
            Trigger::TicketCreated
                | Trigger::TicketStatus { .. }
                | Trigger::SlaBreachIn { .. }
                | Trigger::SlaBreached
        )
    }
}

/// A test on the record a rule fires for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Condition {
    /// The deal is in this pipeline (name).
    Pipeline {
        /// Pipeline name.
        is: String,
    },
    /// The deal is in this stage (name).
    Stage {
        /// Stage name.
        is: String,
    },
    /// Owned by this user.
    Owner {
        /// User name.
        is: String,
    },
    /// The deal's value in minor units is at least this.
    ValueAtLeast {
        /// Minor units.
        minor: i64,
    },
    /// The deal's value in minor units is below this.
    ValueBelow {
        /// Minor units.
        minor: i64,
    },
    /// Has this tag.
    Tag {
        /// Tag.
        is: String,
    },
    /// The contact is in this lifecycle stage.
    Lifecycle {
        /// Lifecycle.
        is: Lifecycle,
    },
    /// Came from this lead source (`*` for any).
    Source {
        /// Source, or `*`.
        is: String,
    },
    /// The ticket has this priority.
    Priority {
        /// Priority.
        is: TicketPriority,
    },
}

/// Who gets a task or a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Assignee {
    /// The record's owner.
    #[default]
    Owner,
    /// A named user.
    User(String),
    /// The next of these users in turn; empty means everyone who has used rolo.
    RoundRobin(Vec<String>),
    /// By a field's value: `field` is `location` or `source`; a value containing a key
    /// (case-insensitive) goes to that user; otherwise `fallback`.
    ByField {
        /// The field looked at.
        field: String,
        /// Substring → user.
        map: std::collections::BTreeMap<String, String>,
        /// When nothing matches.
        fallback: Option<String>,
    },
}

/// What a rule does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Action {
    /// Create a task linked to the record.
    CreateTask {
        /// Title; `{title}`, `{name}`, `{stage}`, `{owner}`, `{company}`, `{days}` are filled in.
        title: String,
        /// Due this many days after the firing.
        #[serde(default)]
        due_in_days: u32,
        /// Who does it.
        #[serde(default)]
        assignee: Assignee,
        /// Closed as no longer needed when an inbound email or call is logged on the
        /// record before it is done ("if there is no reply").
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        close_on_reply: bool,
    },
    /// Set the contact's lifecycle.
    SetLifecycle {
        /// The new lifecycle.
        to: Lifecycle,
    },
    /// Add a tag.
    AddTag {
        /// The tag.
        tag: String,
    },
    /// Give the record to someone.
    AssignOwner {
        /// Who.
        to: Assignee,
    },
    /// Add a note to the record's timeline.
    AddNote {
        /// Text; the same placeholders as task titles.
        text: String,
    },
    /// Set the ticket's priority.
    SetPriority {
        /// The new priority.
        to: TicketPriority,
    },
}
