//! The sweep: time rules (a deal idle in its stage, a quiet contact, a close or renewal
//! date approaching, a ticket's SLA deadline near or passed), keep-in-touch cadences,
//! and closing tickets solved some days ago. Each firing is recorded with its
//! occurrence (the stage entry, the start of the quiet period, the date), so a sweep is
//! idempotent, and because writes are serialised across processes, several processes
//! sweeping at once fire each occurrence exactly once. Work is planned on a read
//! snapshot and applied in small write transactions, each re-checking its records, so
//! a long first sweep never holds the write lock for long; a sweep that is killed
//! leaves every firing either whole or not done.

use chrono::{Datelike, NaiveDate};

use super::{actions, conditions, enabled};
use crate::error::Result;
use crate::model::*;
use crate::ops::add_in;
use crate::store::{Queries, Store, TicketReads, Tx};

/// Firings per write transaction.
const BATCH: usize = 200;
/// The firing id of keep-in-touch cadences (rules count from 1).
const CADENCE: u64 = 0;

/// What a sweep did.
#[derive(Debug, Default)]
pub struct SweepReport {
    /// One line per firing: "R-2 on D-5: added T-9 ...".
    pub fired: Vec<String>,
    /// How many times each rule fired, in the order of `fired` (rules that did not
    /// fire are left out).
    pub rules: Vec<RuleTally>,
    /// The last revision it committed, if it changed anything.
    pub rev: Option<u64>,
}

/// One rule's firings in a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTally {
    /// "R-2", or "cadence" for keep-in-touch cadences.
    pub rule: String,
    /// The rule's name ("keep in touch" for cadences).
    pub name: String,
    /// How many times it fired.
    pub count: usize,
}

impl SweepReport {
    fn tally(&mut self, rule: Option<&Rule>) {
        let (id, name) = match rule {
            Some(r) => (format!("R-{}", r.id), r.name.as_str()),
            None => ("cadence".to_string(), "keep in touch"),
        };
        match self.rules.iter_mut().find(|t| t.rule == id) {
            Some(t) => t.count += 1,
            None => self.rules.push(RuleTally {
                rule: id,
                name: name.to_string(),
                count: 1,
            }),
        }
    }
}

/// One planned firing: a rule (or the cadence) for a record at an occurrence.
struct Planned {
    rule: Option<Rule>,
    rid: RecordId,
    occurrence: i64,
}

/// Days after which a solved ticket closes, unless config.toml says otherwise.
pub const TICKET_CLOSE_DAYS: u32 = 4;

/// Checks every time rule and cadence now, and closes tickets solved
/// [`TICKET_CLOSE_DAYS`] ago.
pub fn sweep(store: &Store) -> Result<SweepReport> {
    sweep_with(store, TICKET_CLOSE_DAYS)
}

/// [`sweep`], closing tickets solved `close_days` days ago or more.
pub fn sweep_with(store: &Store, close_days: u32) -> Result<SweepReport> {
    let now = store.now();
    let plan = {
        let r = store.read()?;
        plan(&r, now)?
    };
    let mut report = SweepReport::default();
    close_solved(store, now, close_days, &mut report)?;
    for batch in plan.chunks(BATCH) {
        let done = store.write("sweep", |tx| {
            let mut fired = Vec::new();
            for due in batch {
                if let Some(line) = fire(tx, due)? {
                    fired.push((due.rule.as_ref(), line));
                }
            }
            tx.describe(format!(
                "sweep: {} firing{}",
                fired.len(),
                if fired.len() == 1 { "" } else { "s" }
            ));
            Ok(fired)
        })?;
        if done.changed {
            report.rev = Some(done.rev);
        }
        for (rule, line) in done.value {
            report.tally(rule);
            report.fired.push(line);
        }
    }
    Ok(report)
}

/// Closes the tickets solved `days` days ago or more, in batches; each close re-checks
/// the ticket (a customer may have written meanwhile and reopened it).
fn close_solved(store: &Store, now: Instant, days: u32, report: &mut SweepReport) -> Result<()> {
    let cutoff = now - chrono::Duration::days(i64::from(days));
    let ids = store
        .read()?
        .solved_before(cutoff.timestamp_millis(), usize::MAX)?;
    for batch in ids.chunks(BATCH) {
        let done = store.write("sweep", |tx| {
            let mut closed = Vec::new();
            for id in batch {
                let still = tx.get::<Ticket>(*id)?.is_some_and(|t| {
                    t.status == TicketStatus::Solved && t.solved_at.is_some_and(|s| s <= cutoff)
                });
                if still {
                    crate::ops::ticket::set_status_in(tx, *id, TicketStatus::Closed)?;
                    closed.push(*id);
                }
            }
            tx.describe(format!(
                "sweep: closed {} solved {} ago or more",
                crate::model::words::plural(closed.len() as u64, "ticket"),
                crate::model::words::plural(days, "day")
            ));
            Ok(closed)
        })?;
        if done.changed {
            report.rev = Some(done.rev);
        }
        for id in done.value {
            report
                .fired
                .push(format!("closed S-{id}: solved {days}+ days ago"));
        }
    }
    Ok(())
}

/// Every (rule, record, occurrence) due now, read from a snapshot. Records are
/// streamed one at a time, so a sweep holds no copy of the contacts or deals.
fn plan<Q: Queries>(q: &Q, now: Instant) -> Result<Vec<Planned>> {
    let rules: Vec<Rule> = enabled(q)?
        .into_iter()
        .filter(|r| r.when.is_timed())
        .collect();
    let pipelines = q.pipelines()?;
    // Per rule, in rule order (then the cadences), as a person reads the report.
    let mut per_rule: Vec<Vec<Planned>> = rules.iter().map(|_| Vec::new()).collect();
    let mut cadences = Vec::new();
    let deal_rules = rules.iter().any(|r| {
        matches!(
            r.when,
            Trigger::DealIdle { .. }
                | Trigger::CloseApproaching { .. }
                | Trigger::RenewalApproaching { .. }
        )
    });
    // Ticket rules look ahead at most this far: the queue index is read up to then.
    let ticket_horizon = rules
        .iter()
        .filter_map(|r| match r.when {
            Trigger::SlaBreachIn { hours } => Some(i64::from(hours) * 3_600_000),
            Trigger::SlaBreached => Some(0),
            _ => None,
        })
        .max();
    let mut check = |rec: Record| {
        let is_contact = matches!(rec, Record::Contact(_));
        let is_ticket = matches!(rec, Record::Ticket(_));
        for (i, rule) in rules.iter().enumerate() {
            let for_contacts = matches!(rule.when, Trigger::ContactQuiet { .. });
            if for_contacts != is_contact || rule.when.is_ticket() != is_ticket {
                continue;
            }
            if let Some(occurrence) = occurrence(&rule.when, &rec, &pipelines, now) {
                per_rule[i].push(Planned {
                    rule: Some(rule.clone()),
                    rid: rec.rid(),
                    occurrence,
                });
            }
        }
        if let Record::Contact(c) = &rec
            && c.cadence_days.is_some()
            && let Some(occurrence) = cadence_due(c, now)
        {
            cadences.push(Planned {
                rule: None,
                rid: RecordId::new(Kind::Contact, c.id),
                occurrence,
            });
        }
    };
    if deal_rules {
        q.each::<Deal>(&mut |d| {
            check(Record::Deal(d));
            Ok(())
        })?;
    }
    q.each::<Contact>(&mut |c| {
        check(Record::Contact(c));
        Ok(())
    })?;
    if let Some(ahead) = ticket_horizon {
        // Only tickets whose next deadline falls before the horizon are read.
        let until = now.timestamp_millis().saturating_add(ahead);
        for e in q.ticket_queue(Some(until), &mut |_| true, usize::MAX)? {
            if let Some(t) = q.get::<Ticket>(e.id)? {
                check(Record::Ticket(t));
            }
        }
    }
    let mut out: Vec<Planned> = per_rule.into_iter().flatten().collect();
    out.extend(cadences);
    Ok(out)
}

/// When `rec` is due for a time trigger now: the occurrence that identifies this
/// firing (so it fires once), or none.
fn occurrence(when: &Trigger, rec: &Record, pipelines: &[Pipeline], now: Instant) -> Option<i64> {
    let today = now.with_timezone(&chrono::Local).date_naive();
    let within =
        |date: NaiveDate, days: u32| date >= today && (date - today).num_days() <= i64::from(days);
    match (when, rec) {
        (Trigger::DealIdle { days }, Record::Deal(d)) if d.status == DealStatus::Open => {
            let limit = days.or_else(|| {
                pipelines
                    .iter()
                    .find(|p| p.id == d.pipeline)
                    .and_then(|p| p.stage(d.stage))
                    .and_then(|s| s.rot_days)
            })?;
            (d.days_in_stage(now) > i64::from(limit)).then(|| d.stage_entered().timestamp_millis())
        }
        (Trigger::CloseApproaching { days }, Record::Deal(d)) if d.status == DealStatus::Open => {
            let c = d.close_date?;
            within(c, *days).then(|| i64::from(c.num_days_from_ce()))
        }
        (Trigger::RenewalApproaching { days }, Record::Deal(d)) if d.status == DealStatus::Won => {
            let c = d.renewal_date?;
            within(c, *days).then(|| i64::from(c.num_days_from_ce()))
        }
        (Trigger::ContactQuiet { days }, Record::Contact(c)) => {
            let since = c.last_activity.unwrap_or(c.created);
            ((now - since).num_days() >= i64::from(*days)).then(|| since.timestamp_millis())
        }
        // A ticket's deadline is its occurrence: each deadline warns and breaches once.
        (Trigger::SlaBreached, Record::Ticket(t)) if t.is_unsolved() => {
            let due = t.sla.next_due()?;
            (due <= now).then(|| due.timestamp_millis())
        }
        (Trigger::SlaBreachIn { hours }, Record::Ticket(t)) if t.is_unsolved() => {
            let due = t.sla.next_due()?;
            (due > now && (due - now).num_minutes() <= i64::from(*hours) * 60)
                .then(|| due.timestamp_millis())
        }
        _ => None,
    }
}

fn cadence_due(c: &Contact, now: Instant) -> Option<i64> {
    let every = c.cadence_days?;
    let since = c.last_activity.unwrap_or(c.created);
    ((now - since).num_days() >= i64::from(every)).then(|| since.timestamp_millis())
}

/// Fires one planned occurrence if it is still due (the record may have changed since
/// the plan) and has not fired yet.
fn fire(tx: &mut Tx, due: &Planned) -> Result<Option<String>> {
    let Some(rec) = tx.get_record(due.rid)? else {
        return Ok(None);
    };
    let now = tx.now();
    match &due.rule {
        Some(rule) => {
            let pipelines = tx.pipelines()?;
            if occurrence(&rule.when, &rec, &pipelines, now) != Some(due.occurrence)
                || !conditions::all_hold(tx, &rule.conditions, &rec)?
                || !tx.mark_fired(rule.id, due.rid, due.occurrence)?
            {
                return Ok(None);
            }
            let did = actions::apply(tx, rule, due.rid)?;
            Ok((!did.is_empty())
                .then(|| format!("R-{} on {}: {}", rule.id, due.rid, did.join(", "))))
        }
        None => {
            let Record::Contact(c) = &rec else {
                return Ok(None);
            };
            if cadence_due(c, now) != Some(due.occurrence)
                || !tx.mark_fired(CADENCE, due.rid, due.occurrence)?
            {
                return Ok(None);
            }
            let today = now.with_timezone(&chrono::Local).date_naive();
            let t = add_in(
                tx,
                Task {
                    title: format!("Keep in touch with {}", c.name),
                    due: Some(Due {
                        date: today,
                        time: None,
                    }),
                    assignee: c.owner.clone(),
                    link: Some(due.rid),
                    auto_close: Some(AutoClose::OnActivity),
                    ..Task::default()
                },
            )?;
            Ok(Some(format!(
                "cadence on {}: added T-{} {}",
                due.rid, t.id, t.title
            )))
        }
    }
}
