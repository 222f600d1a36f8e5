//! Gathering what the activity, sources and hygiene reports need from the store's
//! report facts ([`crate::store::facts`]) and indexes, instead of decoding every
//! contact, task and activity: activity counts per bucket from the per-day aggregate
//! ([`super::days`]), new leads and their sources from the contacts-by-creation index,
//! completed tasks from the completion index, overdue tasks from Today's queue, first
//! responses from the timelines, and the contact decay signals from their own indexes.
//! No contact is decoded: duplicate groups come from the fingerprints' stored texts.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};

use super::days::{self, Edges};
use super::duplicates::{self, DuplicateGroup};
use super::money::{self, Amounts};
use super::scope::Scope;
use crate::error::Result;
use crate::model::{Currency, Instant, Kind, RecordId};
use crate::store::facts::{MISSING_EMAIL, MISSING_PHONE};
use crate::store::{Queries, ReportReads};

/// What the activity report reads besides deals.
#[derive(Debug, Clone, Default)]
pub struct ActivityFacts {
    /// Activities in the period per (bucket start, author), by kind code
    /// ([`crate::store::facts::kind_code`]); every author (the report filters).
    pub counts: BTreeMap<(NaiveDate, String), [u64; 4]>,
    /// Contacts in scope created in the period: (id, owner, created).
    pub new_leads: Vec<(u64, String, Instant)>,
    /// Deals in scope created in the period: (id, owner, created).
    pub new_deals: Vec<(u64, String, Instant)>,
    /// The first activity in the period at or after creation, per new lead.
    pub first_on_lead: HashMap<u64, Instant>,
    /// The first activity in the period at or after creation, per deal in scope
    /// created in the period.
    pub first_on_deal: HashMap<u64, Instant>,
    /// Tasks completed in the period by a person, per assignee in scope.
    pub tasks_completed: BTreeMap<String, usize>,
    /// Open tasks due before today, per assignee in scope.
    pub tasks_overdue: BTreeMap<String, usize>,
}

/// The contact signals of the hygiene report, for contacts in scope, in id order.
#[derive(Debug, Clone, Default)]
pub struct ContactSignals {
    /// No activity (or, never contacted, no creation) before the stale cut-off.
    pub stale: Vec<u64>,
    /// No email.
    pub missing_email: Vec<u64>,
    /// No phone.
    pub missing_phone: Vec<u64>,
    /// Contacts in scope that share a normalised email, or a name at a company: the
    /// duplicate groups, emails first.
    pub duplicates: Vec<DuplicateGroup>,
}

/// Activity counts, new leads and deals with their first responses, completed and
/// overdue tasks.
pub fn activity<Q: Queries + ReportReads + Sync>(
    q: &Q,
    scope: &Scope,
    today: NaiveDate,
) -> Result<ActivityFacts> {
    let edges = Edges::of(scope);
    let counts = days::activity_counts(q, &edges, |day| {
        scope.contains_day(day).then(|| scope.by.start(day))
    })?;
    let (from, to) = edges.wide();
    let mut new_leads = Vec::new();
    q.leads_between(from, to, &mut |at, id, owner, _| {
        if scope.owns(owner) && edges.contains(at) {
            new_leads.push((id, owner.to_string(), days::instant(at)));
        }
    })?;
    let first_on_lead = first_activities(
        q,
        &edges,
        Kind::Contact,
        new_leads.iter().map(|(id, _, at)| (*id, *at)),
    )?;
    let mut new_deals = Vec::new();
    q.deals_created_between(from, to, &mut |at, id, owner, pipeline, _| {
        if owns_deal(scope, owner, pipeline) && edges.contains(at) {
            new_deals.push((id, owner.to_string(), days::instant(at)));
        }
    })?;
    let first_on_deal = first_activities(
        q,
        &edges,
        Kind::Deal,
        new_deals.iter().map(|(id, _, at)| (*id, *at)),
    )?;
    let mut tasks_completed: BTreeMap<String, usize> = BTreeMap::new();
    q.tasks_done_between(from, to, &mut |at, _, who| {
        if scope.owns(who) && edges.contains(at) {
            match tasks_completed.get_mut(who) {
                Some(n) => *n += 1,
                None => {
                    tasks_completed.insert(who.to_string(), 1);
                }
            }
        }
    })?;
    let mut tasks_overdue: BTreeMap<String, usize> = BTreeMap::new();
    q.open_tasks_due_before(today.num_days_from_ce(), &mut |_, who| {
        if scope.owns(who) {
            *tasks_overdue.entry(who.to_string()).or_default() += 1;
        }
    })?;
    Ok(ActivityFacts {
        counts,
        new_leads,
        new_deals,
        first_on_lead,
        first_on_deal,
        tasks_completed,
        tasks_overdue,
    })
}

// `Scope::deal` on a deal's owner and pipeline.
fn owns_deal(scope: &Scope, owner: &str, pipeline: u64) -> bool {
    scope.owns(owner) && scope.pipeline.is_none_or(|p| p == pipeline)
}

// The first activity the period holds at or after each record's creation. Many
// records are looked up in two halves at once, each walking its own stretch of the
// timeline index.
fn first_activities<Q: Queries + ReportReads + Sync>(
    q: &Q,
    edges: &Edges,
    kind: Kind,
    created: impl Iterator<Item = (u64, Instant)>,
) -> Result<HashMap<u64, Instant>> {
    // Below this many, a second thread costs more than it saves.
    const SPLIT_FROM: usize = 4096;
    let mut wanted: Vec<(u64, i64, u64)> = created
        .map(|(id, at)| {
            let from = at.timestamp_millis().max(edges.lo());
            (RecordId::new(kind, id).packed(), from, id)
        })
        .collect();
    wanted.sort_unstable();
    let starts: Vec<(u64, i64)> = wanted.iter().map(|(rid, from, _)| (*rid, *from)).collect();
    let look = |part: &[(u64, i64)]| q.first_activities(part, edges.hi(), &|ms| edges.holds(ms));
    let found = if starts.len() < SPLIT_FROM {
        look(&starts)?
    } else {
        let (first, second) = starts.split_at(starts.len() / 2);
        std::thread::scope(|s| {
            let other = s.spawn(|| look(second));
            let mut found = look(first)?;
            match other.join() {
                Ok(rest) => found.extend(rest?),
                Err(panic) => std::panic::resume_unwind(panic),
            }
            Ok::<_, crate::Error>(found)
        })?
    };
    Ok(wanted
        .iter()
        .zip(found)
        .filter_map(|((_, _, id), at)| at.map(|ms| (*id, days::instant(ms))))
        .collect())
}

/// What the sources report reads, per lead-source label, for records in scope.
#[derive(Debug, Clone, Default)]
pub struct SourceFacts {
    /// Contacts created in the period.
    pub leads: BTreeMap<String, usize>,
    /// Deals created in the period.
    pub deals: BTreeMap<String, usize>,
    /// Deals closed in the period: (won, lost, won value per currency).
    pub closed: BTreeMap<String, (usize, usize, Amounts)>,
}

/// Leads, deals created and deals closed in the period, per source.
pub fn sources<Q: Queries + ReportReads>(q: &Q, scope: &Scope) -> Result<SourceFacts> {
    let edges = Edges::of(scope);
    let (from, to) = edges.wide();
    let mut out = SourceFacts::default();
    let bump = |map: &mut BTreeMap<String, usize>, source: &str| match map.get_mut(source) {
        Some(n) => *n += 1,
        None => {
            map.insert(source.to_string(), 1);
        }
    };
    q.leads_between(from, to, &mut |at, _, owner, source| {
        if scope.owns(owner) && edges.contains(at) {
            bump(&mut out.leads, source);
        }
    })?;
    q.deals_created_between(from, to, &mut |at, _, owner, pipeline, source| {
        if owns_deal(scope, owner, pipeline) && edges.contains(at) {
            bump(&mut out.deals, source);
        }
    })?;
    q.deals_closed_between(from, to, &mut |at, _, row| {
        let (owner, pipeline, source, won, value, currency) = row;
        if !(owns_deal(scope, owner, pipeline) && edges.contains(at)) {
            return;
        }
        let e = out.closed.entry(source.to_string()).or_default();
        if won {
            e.0 += 1;
            if let Ok(c) = Currency::parse(currency) {
                money::add(&mut e.2, c, value);
            }
        } else {
            e.1 += 1;
        }
    })?;
    Ok(out)
}

/// The open deals in scope, in id order: (id, expected close date).
pub fn open_deals<Q: Queries + ReportReads>(
    q: &Q,
    scope: &Scope,
) -> Result<Vec<(u64, Option<NaiveDate>)>> {
    let mut out = Vec::new();
    q.open_deals(&mut |id, owner, pipeline, close| {
        if owns_deal(scope, owner, pipeline) {
            let close = (close != i32::MAX)
                .then(|| NaiveDate::from_num_days_from_ce_opt(close))
                .flatten();
            out.push((id, close));
        }
    })?;
    Ok(out)
}

/// The contact signals as of `now`, with `stale_days` of silence making a contact
/// stale.
pub fn contact_signals<Q: Queries + ReportReads>(
    q: &Q,
    scope: &Scope,
    now: Instant,
    stale_days: i64,
) -> Result<ContactSignals> {
    let before = now - Duration::days(stale_days);
    // Stored times are whole milliseconds: t < before exactly when t's milliseconds are
    // below `before` rounded up.
    let cut = before.timestamp_millis()
        + i64::from(!before.timestamp_subsec_nanos().is_multiple_of(1_000_000));
    let mut s = ContactSignals::default();
    q.untouched_before(cut, &mut |id, owner| {
        if scope.owns(owner) {
            s.stale.push(id);
        }
    })?;
    s.stale.sort_unstable();
    for (field, list) in [
        (MISSING_EMAIL, &mut s.missing_email),
        (MISSING_PHONE, &mut s.missing_phone),
    ] {
        q.missing(field, &mut |id, owner| {
            if scope.owns(owner) {
                list.push(id);
            }
        })?;
    }
    // The holders in scope of every fingerprint two or more contacts share, with the
    // text it was taken of: equal texts in scope make a group.
    let mut keyed: Vec<(u8, String, u64)> = Vec::new();
    q.shared_fingerprints(&mut |reason, _, id, owner, key| {
        if scope.owns(owner) {
            keyed.push((reason, key.to_string(), id));
        }
    })?;
    s.duplicates = duplicates::groups(keyed);
    Ok(s)
}
