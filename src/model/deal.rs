//! A deal (opportunity): a value in a currency moving through a pipeline's stages.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Currency, Instant, ms};

/// Open, or closed as won or lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    /// Still being worked.
    #[default]
    Open,
    /// Closed, won.
    Won,
    /// Closed, lost.
    Lost,
}

impl DealStatus {
    /// The lower-case word used in the CLI and files.
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }
}

/// One step of a deal's path through its pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct StageEntry {
    /// The stage id entered.
    pub stage: u32,
    /// When it was entered.
    #[serde(with = "ms::required")]
    pub at: Instant,
}

/// How often a recurring value recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecurringPeriod {
    /// Every month.
    #[default]
    Monthly,
    /// Every year.
    Yearly,
}

/// A subscription value on top of (or instead of) the one-off value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Recurring {
    /// Amount per period, in minor units of the deal's currency.
    pub amount: i64,
    /// Monthly or yearly.
    pub period: RecurringPeriod,
}

/// A sales opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Deal {
    /// Numeric id (shown as `D-id`).
    pub id: u64,
    /// What is being sold ("Acme — 50 seats").
    pub title: String,
    /// The pipeline (`P-id`).
    pub pipeline: u64,
    /// The current stage id within the pipeline.
    pub stage: u32,
    /// Value in minor units of `currency`.
    pub value: i64,
    /// ISO 4217 currency of `value`.
    pub currency: Currency,
    /// When the deal is expected to close.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_date: Option<NaiveDate>,
    /// Win probability override, 0–100; otherwise the stage's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<u8>,
    /// The user who owns the deal.
    pub owner: String,
    /// The buying company (`O-id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<u64>,
    /// People involved (`C-id`s).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<u64>,
    /// Open, won or lost.
    pub status: DealStatus,
    /// Why it was lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_reason: Option<String>,
    /// Every stage entered, oldest first; the last is the current stage.
    pub history: Vec<StageEntry>,
    /// Lead source ("website", "referral").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When a won subscription comes up for renewal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal_date: Option<NaiveDate>,
    /// Subscription value, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring: Option<Recurring>,
    /// Free tags, lower-case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
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
    /// When it was won or lost.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Instant>,
    /// When the latest activity on this deal happened.
    #[serde(with = "ms::optional", skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<Instant>,
}

impl Default for Deal {
    fn default() -> Self {
        Deal {
            id: 0,
            title: String::new(),
            pipeline: 0,
            stage: 0,
            value: 0,
            currency: Currency::default(),
            close_date: None,
            probability: None,
            owner: String::new(),
            company: None,
            contacts: Vec::new(),
            status: DealStatus::Open,
            lost_reason: None,
            history: Vec::new(),
            source: None,
            recurring: None,
            renewal_date: None,
            tags: Vec::new(),
            notes: String::new(),
            source_ids: BTreeMap::new(),
            created: Instant::default(),
            updated: Instant::default(),
            closed_at: None,
            last_activity: None,
        }
    }
}

impl Deal {
    /// When the deal entered its current stage.
    pub fn stage_entered(&self) -> Instant {
        self.history.last().map(|h| h.at).unwrap_or(self.created)
    }

    /// Whole days since the deal entered its current stage.
    pub fn days_in_stage(&self, now: Instant) -> i64 {
        (now - self.stage_entered()).num_days().max(0)
    }

    /// Whole days since the last activity (or since creation when there was none).
    pub fn days_idle(&self, now: Instant) -> i64 {
        (now - self.last_activity.unwrap_or(self.created))
            .num_days()
            .max(0)
    }
}
