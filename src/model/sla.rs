//! Service-level policies (`L-1`) and business-hours calendars (`H-1`) as stored.
//! Policies are ordered like rules: the first enabled policy whose conditions all hold
//! for a ticket sets its targets. The arithmetic lives in [`crate::sla`].

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::{Channel, Instant, TicketPriority, TicketStatus, ms};

/// A service-level policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaPolicy {
    /// Numeric id (shown as `L-id`).
    pub id: u64,
    /// What it is for, in a few words.
    pub name: String,
    /// Where it stands in the order (lower first); ties by id.
    pub position: u32,
    /// Disabled policies never match.
    pub enabled: bool,
    /// All must hold for a ticket; none means every ticket.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<SlaCondition>,
    /// Targets per priority; a priority without an entry has no targets.
    pub targets: BTreeMap<TicketPriority, Targets>,
    /// The business-hours calendar (`H-id`) targets are counted in; none for
    /// calendar time (24/7).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<u64>,
    /// The statuses in which the resolution clock stops (first and next reply never
    /// stop). Default: pending and on-hold.
    pub pause_resolution_in: Vec<TicketStatus>,
    /// When the policy was created.
    #[serde(with = "ms::required")]
    pub created: Instant,
    /// When it was last changed.
    #[serde(with = "ms::required")]
    pub updated: Instant,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            id: 0,
            name: String::new(),
            position: 0,
            enabled: true,
            conditions: Vec::new(),
            targets: BTreeMap::new(),
            calendar: None,
            pause_resolution_in: vec![TicketStatus::Pending, TicketStatus::OnHold],
            created: Instant::default(),
            updated: Instant::default(),
        }
    }
}

/// A policy's targets for one priority, in minutes of business time (or calendar time
/// when the policy has no calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Targets {
    /// Minutes to the first public reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_reply_min: Option<u32>,
    /// Minutes from a customer's message to the next public reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_reply_min: Option<u32>,
    /// Minutes to solved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_min: Option<u32>,
}

/// One condition of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum SlaCondition {
    /// The ticket's priority is one of these.
    Priority {
        /// Allowed priorities.
        any_of: Vec<TicketPriority>,
    },
    /// The ticket has this tag.
    Tag {
        /// The tag.
        tag: String,
    },
    /// The ticket's company has this tag.
    CompanyTag {
        /// The tag.
        tag: String,
    },
    /// The ticket arrived through this channel.
    Channel {
        /// The channel.
        channel: Channel,
    },
    /// A custom field has this value (case-insensitive).
    Custom {
        /// The field's name.
        name: String,
        /// Its value.
        value: String,
    },
}

/// Business hours: when the clocks run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Calendar {
    /// Numeric id (shown as `H-id`).
    pub id: u64,
    /// Its name ("Berlin office").
    pub name: String,
    /// An IANA time zone ("Europe/Berlin").
    pub time_zone: String,
    /// Working hours per weekday, Monday first (7 entries); an empty day is closed.
    pub week: Vec<Vec<Span>>,
    /// Closed days.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<Holiday>,
    /// When it was created.
    #[serde(with = "ms::required")]
    pub created: Instant,
    /// When it was last changed.
    #[serde(with = "ms::required")]
    pub updated: Instant,
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar {
            id: 0,
            name: String::new(),
            time_zone: "UTC".into(),
            week: vec![Vec::new(); 7],
            holidays: Vec::new(),
            created: Instant::default(),
            updated: Instant::default(),
        }
    }
}

/// Working hours within one day, local time, `start < end`; an `end` of 00:00 is the
/// midnight that ends the day (`00:00`–`00:00` is the whole day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Opens.
    pub start: NaiveTime,
    /// Closes (00:00: at midnight, the day's end).
    pub end: NaiveTime,
}

/// A dated closed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    /// The day, local to the calendar.
    pub date: NaiveDate,
    /// What it is ("Christmas Day").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}
