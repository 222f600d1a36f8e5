//! Data hygiene, the decay signals: contacts with no activity in 90 days, open deals
//! with no next step (`model::health::lacks_next_step`, from the store's next-step
//! facts), open deals past their expected
//! close date, contacts missing an email or a phone, and duplicate candidates (the
//! simple check of [`super::duplicates`]).

use serde::Serialize;

use super::duplicates;
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
    /// How to read the figures.
    pub notes: Vec<String>,
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
        notes: vec![
            format!("stale: no activity in {STALE_DAYS} days (contacts never contacted count from creation)"),
            "duplicates: a simple check, same normalised email or same name at the same company; fuzzy matching is not done".into(),
            "a snapshot now: --since/--until do not apply".into(),
        ],
    };
    // Only contacts sharing a fingerprint with another in scope can be in a group, so
    // the check over them finds every group the check over all contacts would.
    let candidates: Vec<&crate::model::Contact> = signals.candidates.iter().collect();
    r.duplicates = duplicates::find(&candidates);
    for (id, close) in &data.open_deals {
        // `lacks_next_step`, with the deal's next steps kept by the store.
        if !data.next_steps.contains(id) {
            r.deals_without_next_step.push(*id);
        }
        if close.is_some_and(|c| c < data.today) {
            r.deals_past_close.push(*id);
        }
    }
    r
}

fn examples(kind: Kind, ids: &[u64]) -> String {
    let mut s: Vec<String> = ids
        .iter()
        .take(5)
        .map(|i| RecordId::new(kind, *i).to_string())
        .collect();
    if ids.len() > 5 {
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
        let signals: [(&str, Kind, &[u64]); 5] = [
            (
                "contacts with no activity in 90 days",
                Kind::Contact,
                &self.stale_contacts,
            ),
            (
                "open deals with no next step",
                Kind::Deal,
                &self.deals_without_next_step,
            ),
            (
                "open deals past expected close",
                Kind::Deal,
                &self.deals_past_close,
            ),
            (
                "contacts missing an email",
                Kind::Contact,
                &self.contacts_missing_email,
            ),
            (
                "contacts missing a phone",
                Kind::Contact,
                &self.contacts_missing_phone,
            ),
        ];
        for (name, kind, ids) in signals {
            t.push(vec![
                Cell::text(name),
                Cell::Count(ids.len()),
                Cell::text(examples(kind, ids)),
            ]);
        }
        t.push(vec![
            Cell::text("duplicate candidate groups"),
            Cell::Count(self.duplicates.len()),
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
                Cell::text(examples(Kind::Contact, &g.contacts)),
            ]);
        }
        vec![t, d]
    }
}
