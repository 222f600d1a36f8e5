//! Data hygiene, the decay signals: contacts with no activity in 90 days, open deals
//! with no next step (`model::health::lacks_next_step`, from the store's next-step
//! facts), open deals past their expected
//! close date, contacts missing an email or a phone, and duplicate candidates (the
//! simple check of [`super::duplicates`]).

use serde::Serialize;

pub use super::duplicates::DuplicateGroup;
use super::table::{Cell, Table};
use super::{Data, Scope};
use crate::model::{Kind, RecordId};

/// Days without activity after which a contact counts as stale.
pub const STALE_DAYS: i64 = 90;

/// The hygiene report; every list is in id order (`C-id`/`D-id` strings in JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HygieneReport {
    /// Contacts with no activity (or, without any, no creation) in [`STALE_DAYS`].
    #[serde(serialize_with = "super::ids::contacts")]
    pub stale_contacts: Vec<u64>,
    /// Open deals with no open task linked to them.
    #[serde(serialize_with = "super::ids::deals")]
    pub deals_without_next_step: Vec<u64>,
    /// Open deals whose expected close date has passed.
    #[serde(serialize_with = "super::ids::deals")]
    pub deals_past_close: Vec<u64>,
    /// Contacts without an email address.
    #[serde(serialize_with = "super::ids::contacts")]
    pub contacts_missing_email: Vec<u64>,
    /// Contacts without a phone number.
    #[serde(serialize_with = "super::ids::contacts")]
    pub contacts_missing_phone: Vec<u64>,
    /// Duplicate candidates, emails first.
    pub duplicates: Vec<DuplicateGroup>,
    /// How many each list holds before [`HygieneReport::truncate`] cuts it.
    pub counts: HygieneCounts,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// The length of each of the hygiene report's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct HygieneCounts {
    /// Stale contacts.
    pub stale_contacts: usize,
    /// Open deals with no next step.
    pub deals_without_next_step: usize,
    /// Open deals past their expected close date.
    pub deals_past_close: usize,
    /// Contacts without an email.
    pub contacts_missing_email: usize,
    /// Contacts without a phone.
    pub contacts_missing_phone: usize,
    /// Duplicate groups.
    pub duplicates: usize,
}

impl HygieneReport {
    /// Keeps the first `n` entries of each list; [`HygieneReport::counts`] still tells
    /// how many there are.
    pub fn truncate(&mut self, n: usize) {
        self.stale_contacts.truncate(n);
        self.deals_without_next_step.truncate(n);
        self.deals_past_close.truncate(n);
        self.contacts_missing_email.truncate(n);
        self.contacts_missing_phone.truncate(n);
        self.duplicates.truncate(n);
    }
}

/// Computes the hygiene report (the scope's owner and pipeline were applied when the
/// figures were gathered).
pub fn compute(data: &Data, _scope: &Scope) -> HygieneReport {
    let signals = &data.contact_signals;
    let mut r = HygieneReport {
        stale_contacts: signals.stale.clone(),
        deals_without_next_step: Vec::new(),
        deals_past_close: Vec::new(),
        contacts_missing_email: signals.missing_email.clone(),
        contacts_missing_phone: signals.missing_phone.clone(),
        duplicates: Vec::new(),
        counts: HygieneCounts::default(),
        notes: vec![
            format!("stale: no activity in {STALE_DAYS} days (contacts never contacted count from creation)"),
            "duplicates: a simple check, same normalised email or same name at the same company; fuzzy matching is not done".into(),
            "a snapshot now: --since/--until do not apply".into(),
        ],
    };
    r.duplicates = signals.duplicates.clone();
    for (id, close) in &data.open_deals {
        // `lacks_next_step`, with the deal's next steps kept by the store.
        if !data.next_steps.contains(id) {
            r.deals_without_next_step.push(*id);
        }
        if close.is_some_and(|c| c < data.today) {
            r.deals_past_close.push(*id);
        }
    }
    r.counts = HygieneCounts {
        stale_contacts: r.stale_contacts.len(),
        deals_without_next_step: r.deals_without_next_step.len(),
        deals_past_close: r.deals_past_close.len(),
        contacts_missing_email: r.contacts_missing_email.len(),
        contacts_missing_phone: r.contacts_missing_phone.len(),
        duplicates: r.duplicates.len(),
    };
    r
}

// The first five of `ids` (of `total` in all).
fn examples(kind: Kind, ids: &[u64], total: usize) -> String {
    let mut s: Vec<String> = ids
        .iter()
        .take(5)
        .map(|i| RecordId::new(kind, *i).to_string())
        .collect();
    if total > s.len() {
        s.push("…".into());
    }
    s.join(" ")
}

impl HygieneReport {
    /// A row per signal with a few examples, then the duplicate groups.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "signals",
            "Decay signals",
            vec!["SIGNAL", "COUNT", "EXAMPLES"],
        );
        let c = &self.counts;
        let signals: [(&str, Kind, &[u64], usize); 5] = [
            (
                "contacts with no activity in 90 days",
                Kind::Contact,
                &self.stale_contacts,
                c.stale_contacts,
            ),
            (
                "open deals with no next step",
                Kind::Deal,
                &self.deals_without_next_step,
                c.deals_without_next_step,
            ),
            (
                "open deals past expected close",
                Kind::Deal,
                &self.deals_past_close,
                c.deals_past_close,
            ),
            (
                "contacts missing an email",
                Kind::Contact,
                &self.contacts_missing_email,
                c.contacts_missing_email,
            ),
            (
                "contacts missing a phone",
                Kind::Contact,
                &self.contacts_missing_phone,
                c.contacts_missing_phone,
            ),
        ];
        for (name, kind, ids, total) in signals {
            t.push(vec![
                Cell::text(name),
                Cell::Count(total),
                Cell::text(examples(kind, ids, total)),
            ]);
        }
        t.push(vec![
            Cell::text("duplicate candidate groups"),
            Cell::Count(c.duplicates),
            Cell::text(""),
        ]);
        let mut d = Table::new(
            "duplicates",
            "Duplicate candidates",
            vec!["REASON", "KEY", "CONTACTS"],
        );
        for g in &self.duplicates {
            d.push(vec![
                Cell::text(g.reason),
                Cell::text(&g.key),
                Cell::text(examples(Kind::Contact, &g.contacts, g.contacts.len())),
            ]);
        }
        vec![t, d]
    }
}
