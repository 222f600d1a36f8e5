//! Report facts: the compact indexes and aggregates that let the activity, sources and
//! hygiene reports answer without decoding every contact or every activity of a period.
//! Each record yields its facts ([`facts`]); every write moves a record from its old
//! facts to its new ones in the same transaction ([`FactTables::account`], called by
//! `IndexTables::account`, so `Tx` and bulk loads keep them), [`rebuild`] refills them
//! from the records and [`verify`] recounts them for `rolo doctor`.
//!
//! The tables:
//! - [`FACT_LEADS`]: contacts by creation time, with owner and lead-source label;
//! - [`FACT_TOUCHED`]: contacts by last activity (creation when never contacted);
//! - [`FACT_MISSING`]: contacts without an email or without a phone;
//! - [`FACT_DUPES`] and [`FACT_DUPES_SHARED`]: duplicate-candidate fingerprints (the
//!   normalised email, the name at a company) and those shared by two or more contacts;
//! - [`FACT_DONE`]: tasks completed by a person (not closed by automation), by time;
//! - [`FACT_NEXT_STEPS`]: open tasks linked to a deal (a deal's next steps);
//! - [`AGG_ACTIVITY`]: activities per UTC day, author and kind;
//! - [`FACT_DEALS_CREATED`], [`FACT_DEALS_CLOSED`], [`FACT_OPEN_DEALS`]: deals by
//!   creation, closed deals by close time, open deals, with what the reports filter and
//!   sum them by (owner, pipeline, source, value).
//!
//! This module owns what those facts are; it knows nothing of time zones or periods
//! (the reports turn UTC days and instants into the user's local days).

use std::collections::BTreeMap;

use redb::{ReadableTable, ReadableTableMetadata, TableDefinition, WriteTransaction};

use super::tables::records;
use crate::error::Result;
use crate::model::{Activity, ActivityKind, Contact, Deal, DealStatus, Kind, Record, Task};

mod bulk;
mod tables;
mod verify;
pub use bulk::NewFacts;
pub use tables::FactTables;
pub use verify::verify;

/// (created ms, contact) → (owner, lead-source label): contacts by creation time.
pub const FACT_LEADS: TableDefinition<(i64, u64), (&str, &str)> =
    TableDefinition::new("fact_leads");
/// (last activity ms, or created ms when never contacted, contact) → owner.
pub const FACT_TOUCHED: TableDefinition<(i64, u64), &str> = TableDefinition::new("fact_touched");
/// ([`MISSING_EMAIL`] or [`MISSING_PHONE`], contact) → owner.
pub const FACT_MISSING: TableDefinition<(u8, u64), &str> = TableDefinition::new("fact_missing");
/// ([`DUPE_EMAIL`] or [`DUPE_NAME`], fingerprint, contact) → (owner, the normalised
/// email or "name at O-n" the fingerprint was taken of).
pub const FACT_DUPES: TableDefinition<(u8, u64, u64), (&str, &str)> =
    TableDefinition::new("fact_dupes");
/// (reason, fingerprint) → how many contacts have it, for fingerprints of two or more.
pub const FACT_DUPES_SHARED: TableDefinition<(u8, u64), u64> =
    TableDefinition::new("fact_dupes_shared");
/// (completed ms, task) → assignee: tasks a person completed (no `closed_reason`).
pub const FACT_DONE: TableDefinition<(i64, u64), &str> = TableDefinition::new("fact_done");
/// (deal, open task linked to it): the next steps of deals
/// ([`crate::model::health::is_next_step`]).
pub const FACT_NEXT_STEPS: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("fact_next_steps");
/// (created ms, deal) → (owner, pipeline, lead-source label).
pub const FACT_DEALS_CREATED: TableDefinition<(i64, u64), (&str, u64, &str)> =
    TableDefinition::new("fact_deals_created");
/// (closed ms — `closed_at`, else `updated` — , deal) → (owner, pipeline, lead-source
/// label, won, value, currency code): won and lost deals.
pub const FACT_DEALS_CLOSED: TableDefinition<(i64, u64), ClosedRow<'static>> =
    TableDefinition::new("fact_deals_closed");
/// A row of [`FACT_DEALS_CLOSED`]: (owner, pipeline, lead-source label, won, value,
/// currency code).
pub type ClosedRow<'a> = (&'a str, u64, &'a str, bool, i64, &'a str);
/// Open deal → (owner, pipeline, expected close day as days since 0001-01-01, or
/// `i32::MAX` without one).
pub const FACT_OPEN_DEALS: TableDefinition<u64, (&str, u64, i32)> =
    TableDefinition::new("fact_open_deals");
/// (UTC day since 1970-01-01, author, kind code) → activities.
pub const AGG_ACTIVITY: TableDefinition<(i32, &str, u8), u64> =
    TableDefinition::new("agg_activity");

/// [`FACT_MISSING`]: the contact has no (non-blank) first email.
pub const MISSING_EMAIL: u8 = 0;
/// [`FACT_MISSING`]: the contact has no (non-blank) first phone.
pub const MISSING_PHONE: u8 = 1;
/// [`FACT_DUPES`]: a normalised email.
pub const DUPE_EMAIL: u8 = 0;
/// [`FACT_DUPES`]: a normalised name at a company.
pub const DUPE_NAME: u8 = 1;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// The UTC day (days since 1970-01-01) of an instant in milliseconds.
pub fn utc_day(ms: i64) -> i32 {
    i32::try_from(ms.div_euclid(DAY_MS)).unwrap_or(if ms < 0 { i32::MIN } else { i32::MAX })
}

/// An activity kind's code in [`AGG_ACTIVITY`].
pub fn kind_code(k: ActivityKind) -> u8 {
    match k {
        ActivityKind::Call => 0,
        ActivityKind::Email => 1,
        ActivityKind::Meeting => 2,
        ActivityKind::Note => 3,
    }
}

/// The activity kind of a code in [`AGG_ACTIVITY`].
pub fn kind_of(code: u8) -> Option<ActivityKind> {
    ActivityKind::ALL
        .into_iter()
        .find(|k| kind_code(*k) == code)
}

/// One fact of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A contact's creation: (created ms, contact, owner, source label).
    Lead(i64, u64, String, String),
    /// A contact's last touch: (ms, contact, owner).
    Touched(i64, u64, String),
    /// A contact missing a field: (field, contact, owner).
    Missing(u8, u64, String),
    /// A duplicate-candidate fingerprint: (reason, fingerprint, contact, owner, the
    /// normalised text it was taken of).
    Dupe(u8, u64, u64, String, String),
    /// A task a person completed: (ms, task, assignee).
    Done(i64, u64, String),
    /// An open task that is a deal's next step: (deal, task).
    NextStep(u64, u64),
    /// One activity in the per-day counts: (UTC day, author, kind code).
    Activity(i32, String, u8),
    /// A deal's creation: (created ms, deal, owner, pipeline, source label).
    DealCreated(i64, u64, String, u64, String),
    /// A closed deal: (closed ms, deal, owner, pipeline, source label, won, value,
    /// currency code).
    DealClosed(i64, u64, ClosedDeal),
    /// An open deal: (deal, owner, pipeline, close day or `i32::MAX`).
    OpenDeal(u64, String, u64, i32),
}

/// What the reports read of a closed deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedDeal {
    /// The owner.
    pub owner: String,
    /// The pipeline.
    pub pipeline: u64,
    /// The lead-source label (`source_of`).
    pub source: String,
    /// Won (else lost).
    pub won: bool,
    /// The value in minor units.
    pub value: i64,
    /// The currency code.
    pub currency: String,
}

/// The facts a record contributes (none for companies, deals, pipelines and rules).
pub fn facts(rec: Option<&Record>) -> Vec<Fact> {
    match rec {
        Some(Record::Contact(c)) => contact_facts(c),
        Some(Record::Task(t)) => task_facts(t),
        Some(Record::Activity(a)) => activity_facts(a),
        Some(Record::Deal(d)) => deal_facts(d),
        _ => Vec::new(),
    }
}

/// A contact's "last touch" fact: its last activity, else its creation.
pub fn touched(c: &Contact) -> Fact {
    Fact::Touched(
        c.last_activity.unwrap_or(c.created).timestamp_millis(),
        c.id,
        c.owner.clone(),
    )
}

fn contact_facts(c: &Contact) -> Vec<Fact> {
    use crate::report::duplicates::{
        normalized_email, normalized_email_fingerprint, normalized_name,
        normalized_name_fingerprint,
    };
    let blank = |v: Option<&str>| v.is_none_or(|s| s.trim().is_empty());
    let mut out = vec![
        Fact::Lead(
            c.created.timestamp_millis(),
            c.id,
            c.owner.clone(),
            crate::report::win_rate::source_of(c.source.as_deref()),
        ),
        touched(c),
    ];
    if blank(c.email()) {
        out.push(Fact::Missing(MISSING_EMAIL, c.id, c.owner.clone()));
    }
    if blank(c.phone()) {
        out.push(Fact::Missing(MISSING_PHONE, c.id, c.owner.clone()));
    }
    let mut prints = BTreeMap::new();
    for e in c.emails.iter().filter(|e| !e.value.trim().is_empty()) {
        let email = normalized_email(&e.value);
        prints
            .entry((DUPE_EMAIL, normalized_email_fingerprint(&email)))
            .or_insert(email);
    }
    if let Some(co) = c.company
        && !c.name.trim().is_empty()
    {
        let company = crate::model::RecordId::new(Kind::Company, co);
        let name = normalized_name(&c.name);
        prints.insert(
            (DUPE_NAME, normalized_name_fingerprint(co, &name)),
            format!("{name} at {company}"),
        );
    }
    for ((reason, print), key) in prints {
        out.push(Fact::Dupe(reason, print, c.id, c.owner.clone(), key));
    }
    out
}

fn task_facts(t: &Task) -> Vec<Fact> {
    let mut out = Vec::new();
    if let (Some(done), None) = (t.done_at, &t.closed_reason) {
        out.push(Fact::Done(
            done.timestamp_millis(),
            t.id,
            t.assignee.clone(),
        ));
    }
    if let Some(link) = t.link
        && link.kind == Kind::Deal
        && crate::model::health::is_next_step(t, link.id)
    {
        out.push(Fact::NextStep(link.id, t.id));
    }
    out
}

fn deal_facts(d: &Deal) -> Vec<Fact> {
    use chrono::Datelike;
    let source = crate::report::win_rate::source_of(d.source.as_deref());
    let mut out = vec![Fact::DealCreated(
        d.created.timestamp_millis(),
        d.id,
        d.owner.clone(),
        d.pipeline,
        source.clone(),
    )];
    match d.status {
        DealStatus::Open => out.push(Fact::OpenDeal(
            d.id,
            d.owner.clone(),
            d.pipeline,
            d.close_date.map_or(i32::MAX, |c| c.num_days_from_ce()),
        )),
        DealStatus::Won | DealStatus::Lost => out.push(Fact::DealClosed(
            d.closed_at.unwrap_or(d.updated).timestamp_millis(),
            d.id,
            ClosedDeal {
                owner: d.owner.clone(),
                pipeline: d.pipeline,
                source,
                won: d.status == DealStatus::Won,
                value: d.value,
                currency: d.currency.code().to_string(),
            },
        )),
    }
    out
}

fn activity_facts(a: &Activity) -> Vec<Fact> {
    vec![Fact::Activity(
        utc_day(a.at.timestamp_millis()),
        a.author.clone(),
        kind_code(a.kind),
    )]
}

// The stored row of a closed deal.
fn closed_row(c: &ClosedDeal) -> ClosedRow<'_> {
    (
        c.owner.as_str(),
        c.pipeline,
        c.source.as_str(),
        c.won,
        c.value,
        c.currency.as_str(),
    )
}

/// Empties and refills the duplicate fingerprints from the contacts (schema 7 keeps
/// the text each was taken of beside it).
pub fn refill_dupes(txn: &WriteTransaction) -> Result<()> {
    txn.delete_table(FACT_DUPES)?;
    txn.delete_table(FACT_DUPES_SHARED)?;
    let mut t = FactTables::open(txn)?;
    let mut prints: BTreeMap<(u8, u64), u64> = BTreeMap::new();
    for row in txn.open_table(records(Kind::Contact))?.iter()? {
        let c: Contact = super::tables::decode(row?.1.value())?;
        for f in contact_facts(&c) {
            if let Fact::Dupe(reason, print, ..) = &f {
                *prints.entry((*reason, *print)).or_default() += 1;
                t.apply(&f, true, None)?;
            }
        }
    }
    for (key, n) in prints.into_iter().filter(|(_, n)| *n >= 2) {
        t.prints.shared.insert(key, n)?;
    }
    Ok(())
}

/// Empties and refills the fact tables from the contacts, tasks and activities.
pub fn rebuild(txn: &WriteTransaction, progress: super::derive::Progress) -> Result<()> {
    txn.delete_table(FACT_LEADS)?;
    txn.delete_table(FACT_TOUCHED)?;
    txn.delete_table(FACT_MISSING)?;
    txn.delete_table(FACT_DUPES)?;
    txn.delete_table(FACT_DUPES_SHARED)?;
    txn.delete_table(FACT_DONE)?;
    txn.delete_table(FACT_NEXT_STEPS)?;
    txn.delete_table(FACT_DEALS_CREATED)?;
    txn.delete_table(FACT_DEALS_CLOSED)?;
    txn.delete_table(FACT_OPEN_DEALS)?;
    txn.delete_table(AGG_ACTIVITY)?;
    let kinds = [Kind::Contact, Kind::Task, Kind::Activity, Kind::Deal];
    let mut total = 0;
    for k in kinds {
        total += txn.open_table(records(k))?.len()?;
    }
    let mut t = FactTables::open(txn)?;
    let mut done = 0u64;
    let mut counts: BTreeMap<(i32, String, u8), u64> = BTreeMap::new();
    let mut prints: BTreeMap<(u8, u64), u64> = BTreeMap::new();
    for kind in kinds {
        for row in txn.open_table(records(kind))?.iter()? {
            let rec = super::tables::decode_record(kind, row?.1.value())?;
            for f in facts(Some(&rec)) {
                match f {
                    Fact::Activity(day, author, code) => {
                        *counts.entry((day, author, code)).or_default() += 1;
                    }
                    Fact::Dupe(reason, print, ..) => {
                        *prints.entry((reason, print)).or_default() += 1;
                        t.apply(&f, true, None)?;
                    }
                    _ => t.apply(&f, true, None)?,
                }
            }
            done += 1;
            if done.is_multiple_of(4096) || done == total {
                progress(done, total);
            }
        }
    }
    for ((day, author, code), n) in counts {
        t.rows.activity.insert((day, author.as_str(), code), n)?;
    }
    for (key, n) in prints.into_iter().filter(|(_, n)| *n >= 2) {
        t.prints.shared.insert(key, n)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Labeled;

    #[test]
    fn utc_days_floor_before_the_epoch() {
        assert_eq!(utc_day(0), 0);
        assert_eq!(utc_day(DAY_MS - 1), 0);
        assert_eq!(utc_day(-1), -1);
        assert_eq!(
            kind_of(kind_code(ActivityKind::Meeting)),
            Some(ActivityKind::Meeting)
        );
    }

    #[test]
    fn a_contacts_facts_follow_its_fields() {
        let mut c = Contact {
            id: 7,
            name: "Ann Lee".into(),
            owner: "sam".into(),
            company: Some(3),
            source: Some(" Web ".into()),
            ..Contact::default()
        };
        let f = facts(Some(&Record::Contact(c.clone())));
        assert!(f.contains(&Fact::Missing(MISSING_EMAIL, 7, "sam".into())));
        assert!(f.contains(&Fact::Missing(MISSING_PHONE, 7, "sam".into())));
        assert!(matches!(&f[0], Fact::Lead(_, 7, o, s) if o == "sam" && s == "web"));
        c.emails.push(Labeled {
            label: String::new(),
            value: "a@x.com".into(),
        });
        let f = facts(Some(&Record::Contact(c)));
        assert!(!f.contains(&Fact::Missing(MISSING_EMAIL, 7, "sam".into())));
        assert_eq!(
            f.iter().filter(|f| matches!(f, Fact::Dupe(..))).count(),
            2,
            "{f:?}"
        );
    }
}
