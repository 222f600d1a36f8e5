//! Event rules, called by the ops write path after it creates or changes a record:
//! deal created, stage entered, won, lost, contact created, task completed, activity
//! logged. Also the built-in reactions: a reply closes the follow-ups waiting for it, a
//! logged activity closes keep-in-touch reminders, and completing a repeating task
//! schedules the next one.

use super::{actions, conditions, enabled};
use crate::error::Result;
use crate::model::*;
use crate::ops::{add_in, update_in};
use crate::store::{Queries, Tx};

/// Runs after a record was created in `tx`.
pub fn after_create(tx: &mut Tx, rec: &Record) -> Result<()> {
    match rec {
        Record::Deal(d) => {
            fire(tx, rec, |t| matches!(t, Trigger::DealCreated))?;
            let stage = stage_name(tx, d)?;
            fire(
                tx,
                rec,
                |t| matches!(t, Trigger::EnteredStage { stage: s } if s.eq_ignore_ascii_case(&stage)),
            )
        }
        Record::Contact(_) => fire(tx, rec, |t| matches!(t, Trigger::ContactCreated)),
        Record::Ticket(t) => {
            fire(tx, rec, |tr| matches!(tr, Trigger::TicketCreated))?;
            let status = t.status;
            if status != TicketStatus::New {
                fire(
                    tx,
                    rec,
                    |tr| matches!(tr, Trigger::TicketStatus { status: s } if *s == status),
                )?;
            }
            Ok(())
        }
        Record::Activity(a) => {
            close_waiting_tasks(tx, a)?;
            let Some(subject) = activity_subject(a) else {
                return Ok(());
            };
            let Some(subject) = tx.get_record(subject)? else {
                return Ok(());
            };
            let kind = a.kind;
            fire(
                tx,
                &subject,
                |t| matches!(t, Trigger::ActivityLogged { kind: k } if k.is_none_or(|k| k == kind)),
            )
        }
        _ => Ok(()),
    }
}

/// The enabled event rules, for an operation that creates many records and asks
/// [`acts_on_create`] about each.
pub fn event_rules<Q: Queries>(q: &Q) -> Result<Vec<Rule>> {
    Ok(enabled(q)?
        .into_iter()
        .filter(|r| !r.when.is_timed())
        .collect())
}

/// Whether [`after_create`] would do anything for the new record `rec`, given the
/// enabled event rules: a rule whose trigger and conditions hold, or (for an activity)
/// a waiting task it would close. When it would not, creating `rec` needs nothing but
/// writing it.
pub fn acts_on_create(q: &Tx, rules: &[Rule], rec: &Record) -> Result<bool> {
    let any = |trigger: &dyn Fn(&Trigger) -> bool| -> Result<bool> {
        for r in rules.iter().filter(|r| trigger(&r.when)) {
            if conditions::all_hold(q, &r.conditions, rec)? {
                return Ok(true);
            }
        }
        Ok(false)
    };
    match rec {
        Record::Deal(d) => {
            let stage = q
                .get::<Pipeline>(d.pipeline)?
                .and_then(|p| p.stage(d.stage).map(|s| s.name.clone()))
                .unwrap_or_default();
            Ok(any(&|t| matches!(t, Trigger::DealCreated))?
                || any(
                    &|t| matches!(t, Trigger::EnteredStage { stage: s } if s.eq_ignore_ascii_case(&stage)),
                )?)
        }
        Record::Contact(_) => any(&|t| matches!(t, Trigger::ContactCreated)),
        Record::Ticket(_) => Ok(rules.iter().any(|r| r.when.is_ticket())),
        Record::Activity(a) => {
            if closes_a_waiting_task(q, a)? {
                return Ok(true);
            }
            let kind = a.kind;
            let logged = |t: &Trigger| matches!(t, Trigger::ActivityLogged { kind: k } if k.is_none_or(|k| k == kind));
            if !rules.iter().any(|r| logged(&r.when)) {
                return Ok(false);
            }
            let Some(subject) = activity_subject(a) else {
                return Ok(false);
            };
            let Some(subject) = q.get_record(subject)? else {
                return Ok(false);
            };
            for r in rules.iter().filter(|r| logged(&r.when)) {
                if conditions::all_hold(q, &r.conditions, &subject)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Ok(false),
    }
}

/// The record an activity's rules fire on: its deal, else its first contact, else its
/// company.
fn activity_subject(a: &Activity) -> Option<RecordId> {
    match (a.deal, a.contacts.first(), a.company) {
        (Some(d), _, _) => Some(RecordId::new(Kind::Deal, d)),
        (None, Some(c), _) => Some(RecordId::new(Kind::Contact, *c)),
        (None, None, Some(o)) => Some(RecordId::new(Kind::Company, o)),
        _ => None,
    }
}

/// Whether logging `a` would close an open task waiting on what it concerns. Only
/// stored tasks are looked at (nothing staged is written out for it): the records an
/// operation stages are new ones created without rules, and none of them waits.
fn closes_a_waiting_task(tx: &Tx, a: &Activity) -> Result<bool> {
    let (reply, day) = reply_and_day(a);
    for id in tx.stored_waiting_on(&concerned(a))? {
        if let Some(task) = tx.get::<Task>(id)?
            && task.is_open()
            && closes(&task, reply, day)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the activity is a reply, and its day in local time.
fn reply_and_day(a: &Activity) -> (bool, chrono::NaiveDate) {
    let reply = a.direction == Some(Direction::Inbound)
        && matches!(a.kind, ActivityKind::Email | ActivityKind::Call);
    (reply, a.at.with_timezone(&chrono::Local).date_naive())
}

/// The contacts, deal and company an activity concerns.
fn concerned(a: &Activity) -> Vec<RecordId> {
    let mut on: Vec<RecordId> = a
        .contacts
        .iter()
        .map(|c| RecordId::new(Kind::Contact, *c))
        .collect();
    on.extend(a.deal.map(|d| RecordId::new(Kind::Deal, d)));
    on.extend(a.company.map(|o| RecordId::new(Kind::Company, o)));
    on
}

/// Whether an activity (a reply or not, on `day`) closes `task`.
fn closes(task: &Task, reply: bool, day: chrono::NaiveDate) -> bool {
    let before_due = task.due.is_none_or(|d| day <= d.date);
    match task.auto_close {
        Some(AutoClose::OnReply) => reply && before_due,
        Some(AutoClose::OnActivity) => true,
        None => false,
    }
}

/// Runs after a record was changed in `tx`.
pub fn after_update(tx: &mut Tx, before: &Record, after: &Record) -> Result<()> {
    match (before, after) {
        (Record::Deal(b), Record::Deal(d)) => {
            if b.stage != d.stage || b.pipeline != d.pipeline {
                let stage = stage_name(tx, d)?;
                fire(
                    tx,
                    after,
                    |t| matches!(t, Trigger::EnteredStage { stage: s } if s.eq_ignore_ascii_case(&stage)),
                )?;
            }
            if b.status != d.status {
                match d.status {
                    DealStatus::Won => fire(tx, after, |t| matches!(t, Trigger::DealWon))?,
                    DealStatus::Lost => fire(tx, after, |t| matches!(t, Trigger::DealLost))?,
                    DealStatus::Open => {}
                }
            }
            Ok(())
        }
        (Record::Ticket(b), Record::Ticket(t)) if b.status != t.status => {
            let status = t.status;
            fire(
                tx,
                after,
                |tr| matches!(tr, Trigger::TicketStatus { status: s } if *s == status),
            )
        }
        (Record::Task(b), Record::Task(t))
            if b.is_open() && !t.is_open() && t.closed_reason.is_none() =>
        {
            schedule_next(tx, t)?;
            fire(tx, after, |tr| matches!(tr, Trigger::TaskCompleted))
        }
        _ => Ok(()),
    }
}

fn stage_name(tx: &Tx, d: &Deal) -> Result<String> {
    Ok(tx
        .get::<Pipeline>(d.pipeline)?
        .and_then(|p| p.stage(d.stage).map(|s| s.name.clone()))
        .unwrap_or_default())
}

/// Fires every enabled event rule whose trigger matches, for `subject`.
fn fire(tx: &mut Tx, subject: &Record, matches: impl Fn(&Trigger) -> bool) -> Result<()> {
    let rules = enabled(tx)?;
    for rule in rules
        .iter()
        .filter(|r| !r.when.is_timed() && matches(&r.when))
    {
        if !conditions::all_hold(tx, &rule.conditions, subject)? {
            continue;
        }
        if !tx.fired.insert((rule.id, subject.rid())) {
            tx.warnings.push(format!(
                "rule R-{} ({}) was triggered again by its own changes on {}; it fires once per change",
                rule.id,
                rule.name,
                subject.rid()
            ));
            continue;
        }
        actions::apply(tx, rule, subject.rid())?;
    }
    Ok(())
}

/// Closes open tasks on the activity's records that wait for it: follow-ups waiting for
/// a reply (an inbound email or call) and keep-in-touch reminders (any activity).
fn close_waiting_tasks(tx: &mut Tx, a: &Activity) -> Result<()> {
    let (reply, day) = reply_and_day(a);
    for id in tx.waiting_on(&concerned(a))? {
        let Some(task) = tx.get::<Task>(id)? else {
            continue;
        };
        if task.is_open() && closes(&task, reply, day) {
            let now = tx.now();
            let reason = if reply {
                format!("reply received (A-{})", a.id)
            } else {
                format!("touched (A-{})", a.id)
            };
            update_in(tx, id, |t: &mut Task| {
                t.done_at = Some(now);
                t.closed_reason = Some(reason.clone());
                Ok(())
            })?;
        }
    }
    Ok(())
}

/// Completing a repeating task creates the next one.
fn schedule_next(tx: &mut Tx, done: &Task) -> Result<()> {
    let Some(r) = done.recur else {
        return Ok(());
    };
    let today = tx.now().with_timezone(&chrono::Local).date_naive();
    let from = if r.after_completion {
        today
    } else {
        done.due.map(|d| d.date).unwrap_or(today)
    };
    let step = |d: chrono::NaiveDate| match r.unit {
        RecurUnit::Days => d.checked_add_days(chrono::Days::new(u64::from(r.every.max(1)))),
        RecurUnit::Weeks => d.checked_add_days(chrono::Days::new(7 * u64::from(r.every.max(1)))),
        RecurUnit::Months => d.checked_add_months(chrono::Months::new(r.every.max(1))),
    };
    // A repeating task done late skips the dates already past.
    let mut next = step(from);
    while let Some(n) = next
        && n <= today
        && !r.after_completion
    {
        next = step(n);
    }
    let Some(date) = next else { return Ok(()) };
    add_in(
        tx,
        Task {
            title: done.title.clone(),
            due: Some(Due {
                date,
                time: done.due.and_then(|d| d.time),
            }),
            assignee: done.assignee.clone(),
            link: done.link,
            priority: done.priority,
            notes: done.notes.clone(),
            recur: done.recur,
            ..Task::default()
        },
    )?;
    Ok(())
}
