//! Reading what reports need, once, in one read snapshot: pipelines and deals always
//! (decoded partially, see [`super::read`]); for the activity, sources and hygiene
//! reports, figures gathered from the store's report facts ([`super::gather`]): no
//! report decodes every contact, task or activity.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::gather::{self, ActivityFacts, ContactSignals};
use super::read;
use super::scope::{Scope, local_day};
use crate::error::Result;
use crate::model::{Deal, DealStatus, Instant, Kind, Pipeline, RecordId, Task};
use crate::store::Queries;

/// Which optional figures a report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// Activity counts, new leads, first responses and task counts ([`ActivityFacts`]).
    pub activity: bool,
    /// Contacts created in the period per lead source.
    pub lead_sources: bool,
    /// The contact decay signals and duplicate candidates ([`ContactSignals`]).
    pub contact_signals: bool,
    /// The tasks linked to each open deal in scope (next-step checks).
    pub next_steps: bool,
}

/// The records and figures a report computes over, as of `now`.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// The clock reading the report is "as of".
    pub now: Instant,
    /// `now`'s local date.
    pub today: NaiveDate,
    /// Every pipeline.
    pub pipelines: Vec<Pipeline>,
    /// Every deal.
    pub deals: Vec<Deal>,
    /// Tasks linked to each open deal in scope, by deal id (empty unless needed).
    pub deal_tasks: HashMap<u64, Vec<Task>>,
    /// What the activity report reads (empty unless needed).
    pub activity: ActivityFacts,
    /// Contacts in scope created in the period, per lead-source label (empty unless
    /// needed).
    pub lead_sources: BTreeMap<String, usize>,
    /// The contact signals of the hygiene report (empty unless needed).
    pub contact_signals: ContactSignals,
}

impl Data {
    /// The pipeline with this id.
    pub fn pipeline(&self, id: u64) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == id)
    }

    /// The pipelines in scope, in id order.
    pub fn pipelines_in<'a>(&'a self, scope: &'a Scope) -> impl Iterator<Item = &'a Pipeline> {
        self.pipelines
            .iter()
            .filter(move |p| scope.pipeline.is_none_or(|id| id == p.id))
    }

    /// A pipeline's name, or `P-id` when it is gone.
    pub fn pipeline_name(&self, id: u64) -> String {
        self.pipeline(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| RecordId::new(Kind::Pipeline, id).to_string())
    }

    /// A stage's name, or `stage N` when the pipeline no longer has it.
    pub fn stage_name(&self, pipeline: u64, stage: u32) -> String {
        self.pipeline(pipeline)
            .and_then(|p| p.stage(stage))
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("stage {stage}"))
    }
}

/// Reads what `needs` asks for, as of `now`. The report facts are gathered on a second
/// thread sharing the one snapshot while this one decodes the deals.
pub fn load<Q: Queries + Sync>(q: &Q, now: Instant, scope: &Scope, needs: Needs) -> Result<Data> {
    let today = local_day(now);
    let (deals, deal_tasks, facts) = std::thread::scope(|s| {
        let other = s.spawn(|| -> Result<_> {
            let activity = if needs.activity {
                gather::activity(q, scope, today)?
            } else {
                ActivityFacts::default()
            };
            let sources = if needs.lead_sources {
                gather::lead_sources(q, scope)?
            } else {
                BTreeMap::new()
            };
            let signals = if needs.contact_signals {
                gather::contact_signals(q, scope, now, super::hygiene::STALE_DAYS)?
            } else {
                ContactSignals::default()
            };
            Ok((activity, sources, signals))
        });
        let mine = || -> Result<_> {
            let deals = read::deals(q)?;
            let deal_tasks = if needs.next_steps {
                next_steps(q, &deals, scope)?
            } else {
                HashMap::new()
            };
            Ok((deals, deal_tasks))
        };
        let mine = mine();
        let facts = match other.join() {
            Ok(r) => r?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let (deals, deal_tasks) = mine?;
        Ok::<_, crate::Error>((deals, deal_tasks, facts))
    })?;
    let (mut activity, lead_sources, contact_signals) = facts;
    if needs.activity {
        activity.first_on_deal = gather::first_on_deals(q, scope, &deals)?;
    }
    Ok(Data {
        now,
        today,
        pipelines: q.pipelines()?,
        deals,
        deal_tasks,
        activity,
        lead_sources,
        contact_signals,
    })
}

// The tasks linked to each open deal in scope (an empty list for a deal with none).
fn next_steps<Q: Queries>(q: &Q, deals: &[Deal], scope: &Scope) -> Result<HashMap<u64, Vec<Task>>> {
    let mut open: Vec<u64> = deals
        .iter()
        .filter(|d| d.status == DealStatus::Open && scope.deal(d))
        .map(|d| d.id)
        .collect();
    open.sort_unstable();
    let mut out: HashMap<u64, Vec<Task>> = open.iter().map(|id| (*id, Vec::new())).collect();
    for (deal, task) in read::deal_tasks(q, &open)? {
        out.entry(deal).or_default().push(task);
    }
    Ok(out)
}
