//! An activity: a call, email, meeting or note, logged against contacts, a company
//! and a deal, and shown on their timelines.

use serde::{Deserialize, Serialize};

use super::{Instant, ms};

/// What kind of interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// A phone or video call.
    Call,
    /// An email.
    Email,
    /// A meeting.
    Meeting,
    /// A note.
    #[default]
    Note,
}

impl ActivityKind {
    /// Every kind, in display order.
    pub const ALL: [ActivityKind; 4] = [
        ActivityKind::Call,
        ActivityKind::Email,
        ActivityKind::Meeting,
        ActivityKind::Note,
    ];

    /// The lower-case word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Email => "email",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Note => "note",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<ActivityKind> {
        ActivityKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Who started the interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The customer reached out.
    Inbound,
    /// We reached out.
    Outbound,
}

impl Direction {
    /// The lower-case word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

/// One logged interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Activity {
    /// Numeric id (shown as `A-id`).
    pub id: u64,
    /// Call, email, meeting or note.
    pub kind: ActivityKind,
    /// One line: what it was about.
    pub subject: String,
    /// Longer text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body: String,
    /// When it happened.
    #[serde(with = "ms::required")]
    pub at: Instant,
    /// Length in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_min: Option<u32>,
    /// Inbound or outbound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// People involved (`C-id`s).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<u64>,
    /// The company (`O-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<u64>,
    /// The deal (`D-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deal: Option<u64>,
    /// The ticket (`S-id`) whose thread it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<u64>,
    /// The user who logged it.
    pub author: String,
    /// An email's Message-ID or a calendar UID, for idempotent imports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// When it was logged.
    #[serde(with = "ms::required")]
    pub created: Instant,
}
