//! Who is doing the work: calls, emails, meetings and notes logged per rep per period;
//! tasks completed in the period and overdue now, per rep; and lead response time, the
//! hours from a deal's or contact's creation to the first activity logged on it.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::table::{Cell, Table};
use super::{Data, Scope, stats};
use crate::model::{ActivityKind, Instant};

/// Activities of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct KindCounts {
    /// Calls.
    pub calls: usize,
    /// Emails.
    pub emails: usize,
    /// Meetings.
    pub meetings: usize,
    /// Notes.
    pub notes: usize,
    /// All four.
    pub total: usize,
}

impl KindCounts {
    fn add_n(&mut self, kind: ActivityKind, n: u64) {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        let slot = match kind {
            ActivityKind::Call => &mut self.calls,
            ActivityKind::Email => &mut self.emails,
            ActivityKind::Meeting => &mut self.meetings,
            ActivityKind::Note => &mut self.notes,
        };
        *slot = slot.saturating_add(n);
        self.total = self.total.saturating_add(n);
    }
}

/// One rep's activities in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepPeriod {
    /// Who logged them.
    pub rep: String,
    /// The period ("2026-11").
    pub period: String,
    /// How many of each kind.
    #[serde(flatten)]
    pub counts: KindCounts,
}

/// How fast new records got a first activity.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Response {
    /// Records created in the period.
    pub created: usize,
    /// Those with an activity logged after creation, within the period.
    pub answered: usize,
    /// Mean hours to the first activity.
    pub mean_hours: Option<f64>,
    /// Median hours to the first activity.
    pub median_hours: Option<f64>,
}

/// One rep over the whole period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepSummary {
    /// The user.
    pub rep: String,
    /// Activities they logged, by kind.
    #[serde(flatten)]
    pub counts: KindCounts,
    /// Tasks assigned to them completed in the period (not those closed by automation).
    pub tasks_completed: usize,
    /// Open tasks assigned to them due before today.
    pub tasks_overdue: usize,
    /// Response to the deals they own created in the period.
    pub deal_response: Response,
    /// Response to the contacts (leads) they own created in the period.
    pub lead_response: Response,
}

/// The activity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityReport {
    /// Per rep and period, reps by name, periods in time order.
    pub by_period: Vec<RepPeriod>,
    /// Per rep, by name.
    pub reps: Vec<RepSummary>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

// First activity at or after creation, for records created in the period: (record,
// owner, created) each.
fn response<'a>(
    created: impl Iterator<Item = (u64, &'a str, Instant)>,
    first: &HashMap<u64, Instant>,
) -> BTreeMap<String, Response> {
    let mut hours: BTreeMap<&str, (usize, Vec<f64>)> = BTreeMap::new();
    for (id, owner, at) in created {
        let e = hours.entry(owner).or_default();
        e.0 += 1;
        if let Some(t) = first.get(&id) {
            e.1.push(stats::hours(*t - at));
        }
    }
    hours
        .into_iter()
        .map(|(rep, (n, h))| {
            let r = Response {
                created: n,
                answered: h.len(),
                mean_hours: stats::mean(&h),
                median_hours: stats::median(&h),
            };
            (rep.to_string(), r)
        })
        .collect()
}

pub fn compute(data: &Data, scope: &Scope) -> ActivityReport {
    let facts = &data.activity;
    // Each record is listed once (the creation indexes hold one entry per record),
    // and only if in scope (see `gather::activity`).
    let new_deals = facts
        .new_deals
        .iter()
        .map(|(id, owner, created)| (*id, owner.as_str(), *created));
    let new_leads = facts
        .new_leads
        .iter()
        .map(|(id, owner, created)| (*id, owner.as_str(), *created));
    let first_deal = &facts.first_on_deal;
    let first_lead = &facts.first_on_lead;
    let mut cells: BTreeMap<(String, chrono::NaiveDate), (String, KindCounts)> = BTreeMap::new();
    let mut totals: BTreeMap<String, KindCounts> = BTreeMap::new();
    for ((start, author), counts) in facts.counts.iter().filter(|((_, a), _)| scope.owns(a)) {
        let cell = &mut cells
            .entry((author.clone(), *start))
            .or_insert_with(|| (scope.by.label(*start), KindCounts::default()))
            .1;
        let total = totals.entry(author.clone()).or_default();
        for kind in ActivityKind::ALL {
            let n = counts[usize::from(crate::store::facts::kind_code(kind))];
            cell.add_n(kind, n);
            total.add_n(kind, n);
        }
    }
    let completed = &facts.tasks_completed;
    let overdue = &facts.tasks_overdue;
    let deal_response = response(new_deals, first_deal);
    let lead_response = response(new_leads, first_lead);
    let mut reps: Vec<String> = totals
        .keys()
        .chain(completed.keys())
        .chain(overdue.keys())
        .chain(deal_response.keys())
        .chain(lead_response.keys())
        .cloned()
        .collect();
    reps.sort();
    reps.dedup();
    let reps = reps
        .into_iter()
        .map(|rep| RepSummary {
            counts: totals.get(&rep).copied().unwrap_or_default(),
            tasks_completed: completed.get(&rep).copied().unwrap_or(0),
            tasks_overdue: overdue.get(&rep).copied().unwrap_or(0),
            deal_response: deal_response.get(&rep).cloned().unwrap_or_default(),
            lead_response: lead_response.get(&rep).cloned().unwrap_or_default(),
            rep,
        })
        .collect();
    ActivityReport {
        by_period: cells
            .into_iter()
            .map(|((rep, _), (period, counts))| RepPeriod { rep, period, counts })
            .collect(),
        reps,
        notes: vec![
            "activities by who logged them; tasks by assignee; overdue = open and due before today (now, not at the period's end)".into(),
            "response time: hours from a deal's or contact's creation to the first activity on it; only activities within the period are seen".into(),
        ],
    }
}

impl ActivityReport {
    /// Per-rep summary first, then the activity per rep and period.
    pub fn tables(&self) -> Vec<Table> {
        let mut s = Table::new(
            "reps",
            "Per rep",
            vec![
                "REP",
                "CALLS",
                "EMAILS",
                "MEETINGS",
                "NOTES",
                "TASKS DONE",
                "OVERDUE",
                "NEW DEALS",
                "DEAL RESP H",
                "NEW LEADS",
                "LEAD RESP H",
            ],
        );
        for r in &self.reps {
            s.push(vec![
                Cell::text(&r.rep),
                Cell::Count(r.counts.calls),
                Cell::Count(r.counts.emails),
                Cell::Count(r.counts.meetings),
                Cell::Count(r.counts.notes),
                Cell::Count(r.tasks_completed),
                Cell::Count(r.tasks_overdue),
                Cell::Count(r.deal_response.created),
                Cell::Number(r.deal_response.median_hours),
                Cell::Count(r.lead_response.created),
                Cell::Number(r.lead_response.median_hours),
            ]);
        }
        let mut p = Table::new(
            "periods",
            "Activities per rep and period",
            vec![
                "REP", "PERIOD", "CALLS", "EMAILS", "MEETINGS", "NOTES", "TOTAL",
            ],
        );
        for r in &self.by_period {
            p.push(vec![
                Cell::text(&r.rep),
                Cell::text(&r.period),
                Cell::Count(r.counts.calls),
                Cell::Count(r.counts.emails),
                Cell::Count(r.counts.meetings),
                Cell::Count(r.counts.notes),
                Cell::Count(r.counts.total),
            ]);
        }
        vec![s, p]
    }
}
