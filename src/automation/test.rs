//! `rolo rule test RULE RECORD`: whether a rule would fire for a record now, and what it
//! would do, worked out in a transaction that is thrown away.

use super::{actions, conditions};
use crate::error::{Error, Result};
use crate::model::words::plural;
use crate::model::*;
use crate::store::{Queries, Store};

/// The answer of a rule test.
#[derive(Debug)]
pub struct Verdict {
    /// Whether it would fire.
    pub fires: bool,
    /// Why (or why not), in one sentence.
    pub reason: String,
    /// What its actions would do.
    pub would: Vec<String>,
}

/// Tests rule `rule` against `subject`.
pub fn test_rule(store: &Store, rule: u64, subject: RecordId) -> Result<Verdict> {
    let (verdict, _) = store.dry_run(|tx| {
        let rule: Rule = tx.require(rule)?;
        let rec = tx.get_record(subject)?.ok_or(Error::NotFound(subject))?;
        let now = tx.now();
        let today = now.with_timezone(&chrono::Local).date_naive();
        let stage = |d: &Deal| -> Result<Option<Stage>> {
            Ok(tx
                .get::<Pipeline>(d.pipeline)?
                .and_then(|p| p.stage(d.stage).cloned()))
        };
        // Whether the trigger applies to this record (for events: the kind of record the
        // event happens to; for time rules: whether the time condition holds now).
        let (applies, why) = match (&rule.when, &rec) {
            (Trigger::DealCreated | Trigger::DealWon | Trigger::DealLost, Record::Deal(_)) => {
                (true, "when that happens to this deal".to_string())
            }
            (Trigger::EnteredStage { stage: s }, Record::Deal(_)) => {
                (true, format!("when this deal enters {s}"))
            }
            (Trigger::ContactCreated, Record::Contact(_)) => {
                (true, "when a contact like this is created".into())
            }
            (Trigger::TaskCompleted, Record::Task(_)) => {
                (true, "when this task is completed".into())
            }
            (Trigger::TicketCreated, Record::Ticket(_)) => {
                (true, "when a ticket like this is opened".into())
            }
            (Trigger::TicketStatus { status }, Record::Ticket(_)) => (
                true,
                format!("when this ticket becomes {}", status.as_str()),
            ),
            (Trigger::SlaBreached, Record::Ticket(t)) => match t.sla.next_due() {
                Some(due) if due <= now => (true, "its SLA deadline has passed".into()),
                Some(_) => (false, "its next SLA deadline has not passed".into()),
                None => (false, "no SLA clock is running on it".into()),
            },
            (Trigger::SlaBreachIn { hours }, Record::Ticket(t)) => match t.sla.next_due() {
                Some(due) if due > now && (due - now).num_minutes() <= i64::from(*hours) * 60 => (
                    true,
                    format!("its next SLA deadline is within {}", plural(*hours, "hour")),
                ),
                Some(_) => (
                    false,
                    format!(
                        "its next SLA deadline is not within {} (or has passed)",
                        plural(*hours, "hour")
                    ),
                ),
                None => (false, "no SLA clock is running on it".into()),
            },
            (
                Trigger::ActivityLogged { .. },
                Record::Deal(_) | Record::Contact(_) | Record::Company(_),
            ) => (true, "when an activity is logged on it".into()),
            (Trigger::DealIdle { days }, Record::Deal(d)) => {
                let limit = days.or(stage(d)?.and_then(|s| s.rot_days));
                let idle = d.days_in_stage(now);
                match limit {
                    Some(l) if d.status == DealStatus::Open && idle > i64::from(l) => (
                        true,
                        format!(
                            "it has been {} in its stage (limit {l})",
                            plural(idle, "day")
                        ),
                    ),
                    Some(l) => (
                        false,
                        format!(
                            "it has been {} in its stage (limit {l}) or is closed",
                            plural(idle, "day")
                        ),
                    ),
                    None => (false, "its stage has no rotting limit".into()),
                }
            }
            (Trigger::ContactQuiet { days }, Record::Contact(c)) => {
                let quiet = (now - c.last_activity.unwrap_or(c.created)).num_days();
                (
                    quiet >= i64::from(*days),
                    format!("last activity {} ago (limit {days})", plural(quiet, "day")),
                )
            }
            (Trigger::CloseApproaching { days }, Record::Deal(d)) => match d.close_date {
                Some(c) => {
                    let left = (c - today).num_days();
                    (
                        d.status == DealStatus::Open && left >= 0 && left <= i64::from(*days),
                        format!("expected close in {} (window {days})", plural(left, "day")),
                    )
                }
                None => (false, "it has no expected close date".into()),
            },
            (Trigger::RenewalApproaching { days }, Record::Deal(d)) => match d.renewal_date {
                Some(c) => {
                    let left = (c - today).num_days();
                    (
                        d.status == DealStatus::Won && left >= 0 && left <= i64::from(*days),
                        format!("renewal in {} (window {days})", plural(left, "day")),
                    )
                }
                None => (false, "it has no renewal date".into()),
            },
            (_, other) => (
                false,
                format!("its trigger does not apply to a {}", other.kind().noun()),
            ),
        };
        if !rule.enabled {
            return Ok(Verdict {
                fires: false,
                reason: format!("the rule is disabled ({why})"),
                would: Vec::new(),
            });
        }
        if !applies {
            return Ok(Verdict {
                fires: false,
                reason: why,
                would: Vec::new(),
            });
        }
        if !conditions::all_hold(tx, &rule.conditions, &rec)? {
            return Ok(Verdict {
                fires: false,
                reason: format!("{subject} does not meet the rule's conditions"),
                would: Vec::new(),
            });
        }
        let would = actions::apply(tx, &rule, subject)?;
        Ok(Verdict {
            fires: true,
            reason: why,
            would,
        })
    })?;
    Ok(verdict)
}
