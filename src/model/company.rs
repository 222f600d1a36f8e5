//! A company (account): the organisation contacts work at and deals are sold to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Instant, ms};

/// An organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Company {
    /// Numeric id (shown as `O-id`).
    pub id: u64,
    /// Display name.
    pub name: String,
    /// Web domain ("acme.com"), lower-case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Industry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Head-count band ("11-50").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
    /// City, country or address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Free tags, lower-case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The user who owns the account.
    pub owner: String,
    /// Free notes.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub notes: String,
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
    /// When the latest activity with this company happened.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<Instant>,
}
