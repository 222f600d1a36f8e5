//! Domain types: the records rolo keeps and the values inside them. Nothing here does
//! I/O or knows about redb, ratatui or clap; the store serializes these types and the
//! faces (CLI, TUI) display them.

pub mod activity;
pub mod company;
pub mod consent;
pub mod contact;
pub mod dates;
pub mod deal;
pub mod health;
pub mod ids;
pub mod money;
pub mod pipeline;
pub mod record;
pub mod rule;
pub mod sla;
pub mod task;
pub mod text;
pub mod ticket;
pub mod words;

pub use activity::{Activity, ActivityKind, Direction};
pub use company::Company;
pub use consent::{ConsentEvent, ConsentSource, LawfulBasis};
pub use contact::{Consent, ConsentState, Contact, Labeled, Lifecycle};
pub use dates::Due;
pub use deal::{Deal, DealStatus, Recurring, RecurringPeriod, StageEntry};
pub use ids::{IdError, Kind, RecordId};
pub use money::{Currency, Money};
pub use pipeline::{Pipeline, Stage, StageOutcome};
pub use record::Record;
pub use rule::{Action, Assignee, Condition, Rule, Trigger};
pub use sla::{Calendar, Holiday, SlaCondition, SlaPolicy, Span, Targets};
pub use task::{AutoClose, Priority, RecurUnit, Recurrence, Task};
pub use ticket::{
    Channel, Clock, EventKind, SlaClocks, Ticket, TicketEvent, TicketPriority, TicketStatus,
};

/// An instant in UTC; stored as milliseconds since the epoch.
pub type Instant = chrono::DateTime<chrono::Utc>;

/// Serde helpers that store instants as integer milliseconds (compact, fast to decode).
pub mod ms {
    pub use chrono::serde::ts_milliseconds as required;
    pub use chrono::serde::ts_milliseconds_option as optional;
}
