//! A contact: one person, optionally at a company, with the fields sales work needs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Instant, ms};

/// A labelled value such as a work email or a mobile phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Labeled {
    /// "work", "home", "mobile"...; may be empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The address or number itself.
    pub value: String,
}

/// Where a contact stands in the customer lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// Not yet qualified.
    #[default]
    Lead,
    /// Qualified, in conversation.
    Prospect,
    /// Paying.
    Customer,
    /// Used to pay.
    Former,
}

impl Lifecycle {
    /// Every stage, in order.
    pub const ALL: [Lifecycle; 4] = [
        Lifecycle::Lead,
        Lifecycle::Prospect,
        Lifecycle::Customer,
        Lifecycle::Former,
    ];

    /// The lower-case word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Lead => "lead",
            Lifecycle::Prospect => "prospect",
            Lifecycle::Customer => "customer",
            Lifecycle::Former => "former",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<Lifecycle> {
        Lifecycle::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Whether a contact agreed to receive email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    /// Never asked or not recorded.
    #[default]
    Unknown,
    /// Agreed.
    Granted,
    /// Refused or withdrew.
    Denied,
}

impl ConsentState {
    /// The lower-case word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentState::Unknown => "unknown",
            ConsentState::Granted => "granted",
            ConsentState::Denied => "denied",
        }
    }

    /// Parses the word, case-insensitively.
    pub fn parse(s: &str) -> Option<ConsentState> {
        [
            ConsentState::Unknown,
            ConsentState::Granted,
            ConsentState::Denied,
        ]
        .into_iter()
        .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Email consent with when and where it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Consent {
    /// Granted, denied or unknown.
    pub state: ConsentState,
    /// When the state was recorded.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub at: Option<Instant>,
    /// How it was obtained ("web form", "call").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Contact {
    /// Numeric id (shown as `C-id`).
    pub id: u64,
    /// Full display name.
    pub name: String,
    /// Given name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Job title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The company (`O-id`) this person works at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<u64>,
    /// Email addresses, the first is primary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Labeled>,
    /// Phone numbers, the first is primary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Labeled>,
    /// City, country or address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Free tags, lower-case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The user who owns this relationship.
    pub owner: String,
    /// Lead, prospect, customer or former.
    pub lifecycle: Lifecycle,
    /// Where the lead came from ("website", "referral").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Email consent.
    pub consent: Consent,
    /// Free notes.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Keep in touch at least every this many days (a reminder appears in Today).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cadence_days: Option<u32>,
    /// User-defined fields.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub custom: BTreeMap<String, String>,
    /// The record's ids in the products it was imported from ("pipedrive" → "101"),
    /// so that importing the same export again matches it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub source_ids: BTreeMap<String, String>,
    /// When the record was created.
    #[serde(with = "ms::required")]
    pub created: Instant,
    /// When the record was last changed.
    #[serde(with = "ms::required")]
    pub updated: Instant,
    /// When the latest activity with this person happened.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<Instant>,
}

impl Contact {
    /// The primary email, if any.
    pub fn email(&self) -> Option<&str> {
        self.emails.first().map(|e| e.value.as_str())
    }

    /// The primary phone, if any.
    pub fn phone(&self) -> Option<&str> {
        self.phones.first().map(|p| p.value.as_str())
    }
}
