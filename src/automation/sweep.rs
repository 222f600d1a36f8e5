//! The sweep: time rules (a deal idle in its stage, a quiet contact, a close or renewal
//! date approaching) and keep-in-touch cadences, checked in one write transaction. Each
//! firing is recorded with its occurrence (the stage entry, the start of the quiet
//! period, the date), so a sweep is idempotent, and because writes are serialised across
//! processes, several processes sweeping at once fire each occurrence exactly once. A
//! sweep killed mid-way commits nothing.

use chrono::Datelike;

use super::{actions, conditions, enabled};
use crate::error::Result;
use crate::model::*;
use crate::ops::add_in;
use crate::store::{Queries, Store};

/// What a sweep did.
#[derive(Debug, Default)]
pub struct SweepReport {
    /// One line per firing: "R-2 on D-5: added T-9 ...".
    pub fired: Vec<String>,
    /// The revision it committed, if it changed anything.
    pub rev: Option<u64>,
}

/// Checks every time rule and cadence now.
pub fn sweep(store: &Store) -> Result<SweepReport> {
    let done = store.write("sweep", |tx| {
        let now = tx.now();
        let today = now.with_timezone(&chrono::Local).date_naive();
        let rules: Vec<Rule> = enabled(tx)?
            .into_iter()
            .filter(|r| r.when.is_timed())
            .collect();
        let wants_deals = rules
            .iter()
            .any(|r| !matches!(r.when, Trigger::ContactQuiet { .. }));
        let deals: Vec<Deal> = if wants_deals {
            tx.all::<Deal>()?
        } else {
            Vec::new()
        };
        let pipelines = tx.pipelines()?;
        let contacts: Vec<Contact> = tx.all::<Contact>()?;
        let mut fired = Vec::new();

        for rule in &rules {
            // (subject, occurrence) pairs due for this rule.
            let due: Vec<(Record, i64)> = match rule.when {
                Trigger::DealIdle { days } => deals
                    .iter()
                    .filter(|d| d.status == DealStatus::Open)
                    .filter(|d| {
                        let limit = days.or_else(|| {
                            pipelines
                                .iter()
                                .find(|p| p.id == d.pipeline)
                                .and_then(|p| p.stage(d.stage))
                                .and_then(|s| s.rot_days)
                        });
                        limit.is_some_and(|l| d.days_in_stage(now) > i64::from(l))
                    })
                    .map(|d| {
                        (
                            Record::Deal(d.clone()),
                            d.stage_entered().timestamp_millis(),
                        )
                    })
                    .collect(),
                Trigger::CloseApproaching { days } => deals
                    .iter()
                    .filter(|d| d.status == DealStatus::Open)
                    .filter_map(|d| d.close_date.map(|c| (d, c)))
                    .filter(|(_, c)| *c >= today && (*c - today).num_days() <= i64::from(days))
                    .map(|(d, c)| (Record::Deal(d.clone()), i64::from(c.num_days_from_ce())))
                    .collect(),
                Trigger::RenewalApproaching { days } => deals
                    .iter()
                    .filter(|d| d.status == DealStatus::Won)
                    .filter_map(|d| d.renewal_date.map(|c| (d, c)))
                    .filter(|(_, c)| *c >= today && (*c - today).num_days() <= i64::from(days))
                    .map(|(d, c)| (Record::Deal(d.clone()), i64::from(c.num_days_from_ce())))
                    .collect(),
                Trigger::ContactQuiet { days } => contacts
                    .iter()
                    .filter(|c| {
                        (now - c.last_activity.unwrap_or(c.created)).num_days() >= i64::from(days)
                    })
                    .map(|c| {
                        (
                            Record::Contact(c.clone()),
                            c.last_activity.unwrap_or(c.created).timestamp_millis(),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for (subject, occurrence) in due {
                if !conditions::all_hold(tx, &rule.conditions, &subject)? {
                    continue;
                }
                if !tx.mark_fired(rule.id, subject.rid(), occurrence)? {
                    continue;
                }
                let did = actions::apply(tx, rule, subject.rid())?;
                if !did.is_empty() {
                    fired.push(format!(
                        "R-{} on {}: {}",
                        rule.id,
                        subject.rid(),
                        did.join(", ")
                    ));
                }
            }
        }

        // Keep-in-touch cadences set on contacts.
        for c in contacts.iter().filter(|c| c.cadence_days.is_some()) {
            let every = c.cadence_days.unwrap_or(0);
            let since = c.last_activity.unwrap_or(c.created);
            if (now - since).num_days() < i64::from(every) {
                continue;
            }
            let rid = RecordId::new(Kind::Contact, c.id);
            if !tx.mark_fired(0, rid, since.timestamp_millis())? {
                continue;
            }
            let t = add_in(
                tx,
                Task {
                    title: format!("Keep in touch with {}", c.name),
                    due: Some(Due {
                        date: today,
                        time: None,
                    }),
                    assignee: c.owner.clone(),
                    link: Some(rid),
                    auto_close: Some(AutoClose::OnActivity),
                    ..Task::default()
                },
            )?;
            fired.push(format!("cadence on {rid}: added T-{} {}", t.id, t.title));
        }
        tx.describe(format!(
            "sweep: {} firing{}",
            fired.len(),
            if fired.len() == 1 { "" } else { "s" }
        ));
        Ok(fired)
    })?;
    Ok(SweepReport {
        rev: done.changed.then_some(done.rev),
        fired: done.value,
    })
}
