//! Reading what reports need, once, in one read snapshot: pipelines and deals always
//! (decoded partially, see [`super::read`]); for the activity, sources and hygiene
//! reports, figures gathered from the store's report facts ([`super::gather`]): no
//! report decodes every contact, task or activity.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::gather::{self, ActivityFacts, ContactSignals, SourceFacts};
use super::read;
use super::scope::{Scope, local_day};
use crate::error::Result;
use crate::model::{Deal, Instant, Kind, Pipeline, RecordId};
use crate::store::Queries;

/// Which optional figures a report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// Every deal, decoded (the pipeline, forecast, win-rate, velocity, funnel and
    /// revenue reports).
    pub deals: bool,
    /// Activity counts, new leads, first responses and task counts ([`ActivityFacts`]).
    pub activity: bool,
    /// Leads and deals created and deals closed in the period per lead source.
    pub sources: bool,
    /// The contact decay signals and duplicate candidates ([`ContactSignals`]).
    pub contact_signals: bool,
    /// The open deals in scope and which of them have a next step.
    pub open_deals: bool,
    /// The open deals in scope, decoded, as `deals` (the pipeline report): found
    /// through the open-deal index, so closed deals are not read.
    pub open_deal_records: bool,
    /// The tickets' report rows, tallied (the tickets report).
    pub tickets: bool,
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
    /// Every deal, or only the open ones in scope (empty unless needed; see
    /// [`Needs`]).
    pub deals: Vec<Deal>,
    /// The open deals in scope, in id order: (id, expected close date) (empty unless
    /// needed).
    pub open_deals: Vec<(u64, Option<NaiveDate>)>,
    /// The open deals in scope with a next step, an open task linked to them
    /// ([`crate::model::health::is_next_step`]; empty unless needed).
    pub next_steps: HashSet<u64>,
    /// What the activity report reads (empty unless needed).
    pub activity: ActivityFacts,
    /// What the sources report reads (empty unless needed).
    pub sources: SourceFacts,
    /// The contact signals of the hygiene report (empty unless needed).
    pub contact_signals: ContactSignals,
    /// The tickets report, tallied as the tickets' report rows were read (none unless
    /// needed).
    pub tickets: Option<super::tickets::TicketsReport>,
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
    let (deals, facts) = std::thread::scope(|s| {
        let other = s.spawn(|| -> Result<_> {
            let activity = if needs.activity {
                gather::activity(q, scope, today)?
            } else {
                ActivityFacts::default()
            };
            let sources = if needs.sources {
                gather::sources(q, scope)?
            } else {
                SourceFacts::default()
            };
            let signals = if needs.contact_signals {
                gather::contact_signals(q, scope, now, super::hygiene::STALE_DAYS)?
            } else {
                ContactSignals::default()
            };
            Ok((activity, sources, signals))
        });
        let mine = || -> Result<_> {
            let deals = if needs.deals {
                read::deals(q)?
            } else if needs.open_deal_records {
                let mut ids: Vec<u64> = gather::open_deals(q, scope)?
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                ids.sort_unstable();
                read::deals_by_id(q, &ids)?
            } else {
                Vec::new()
            };
            let (open, steps) = if needs.open_deals {
                let open = gather::open_deals(q, scope)?;
                let steps = with_next_step(q, &open)?;
                (open, steps)
            } else {
                (Vec::new(), HashSet::new())
            };
            Ok((deals, open, steps))
        };
        let mine = mine();
        let facts = match other.join() {
            Ok(r) => r?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok::<_, crate::Error>((mine?, facts))
    })?;
    let (deals, open_deals, next_steps) = deals;
    let (activity, sources, contact_signals) = facts;
    let mut tickets = None;
    if needs.tickets {
        use crate::store::TicketReads;
        let mut tally = super::tickets::Tally::new(now.timestamp_millis(), scope);
        q.each_ticket_fact(&mut |_, f| tally.add(&f))?;
        tickets = Some(tally.finish());
    }
    Ok(Data {
        now,
        today,
        pipelines: q.pipelines()?,
        deals,
        open_deals,
        next_steps,
        activity,
        sources,
        contact_signals,
        tickets,
    })
}

// The open deals (ids in order) that have a next step.
fn with_next_step<Q: Queries>(q: &Q, open: &[(u64, Option<NaiveDate>)]) -> Result<HashSet<u64>> {
    use crate::store::ReportReads;
    let ids: Vec<u64> = open.iter().map(|(id, _)| *id).collect();
    let has = q.have_next_step(&ids)?;
    Ok(ids
        .into_iter()
        .zip(has)
        .filter_map(|(id, has)| has.then_some(id))
        .collect())
}
