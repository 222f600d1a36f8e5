//! Reading what reports need, once, in one read snapshot: pipelines and deals always;
//! contacts, tasks and the period's activities only for the reports that use them. The
//! period's activities are found through the activity time index, so a report over a
//! month never decodes the other million activities. Records are decoded partially (see
//! [`super::read`]): text the reports do not use, such as titles and notes, is empty.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::read;
use super::scope::{Scope, local_day};
use crate::error::Result;
use crate::model::{Activity, Contact, Deal, DealStatus, Instant, Kind, Pipeline, RecordId, Task};
use crate::store::Queries;

/// Which optional record kinds a report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    /// Every contact.
    pub contacts: bool,
    /// With names, emails and phones (else only owner, source, company and dates).
    pub contact_details: bool,
    /// Every task.
    pub tasks: bool,
    /// The activities in the scope's period.
    pub activities: bool,
    /// The tasks linked to each open deal in scope (next-step checks).
    pub next_steps: bool,
}

/// The records a report computes over, as of `now`.
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
    /// Every contact (empty unless needed; names, emails and phones only when asked for).
    pub contacts: Vec<Contact>,
    /// Every task (empty unless needed).
    pub tasks: Vec<Task>,
    /// The activities in the period, oldest first (empty unless needed).
    pub activities: Vec<Activity>,
    /// Tasks linked to each open deal in scope, by deal id (empty unless needed).
    pub deal_tasks: HashMap<u64, Vec<Task>>,
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

/// Reads what `needs` asks for, as of `now`. Contacts and activities are read on a
/// second thread sharing the one snapshot, since decoding the big tables is most of a
/// report's time.
pub fn load<Q: Queries + Sync>(q: &Q, now: Instant, scope: &Scope, needs: Needs) -> Result<Data> {
    let (deals, deal_tasks, contacts, tasks, activities) = std::thread::scope(|s| {
        let other = s.spawn(|| -> Result<(Vec<Contact>, Vec<Activity>)> {
            let contacts = match (needs.contacts, needs.contact_details) {
                (false, _) => Vec::new(),
                (true, true) => read::contacts(q)?,
                (true, false) => read::contact_briefs(q)?,
            };
            let activities = if needs.activities {
                read::activities_between(q, scope.since_instant(), scope.until_instant())?
            } else {
                Vec::new()
            };
            Ok((contacts, activities))
        });
        let mine = || -> Result<_> {
            let deals = read::deals(q)?;
            let deal_tasks = if needs.next_steps {
                next_steps(q, &deals, scope)?
            } else {
                HashMap::new()
            };
            let tasks = if needs.tasks {
                read::tasks(q)?
            } else {
                Vec::new()
            };
            Ok((deals, deal_tasks, tasks))
        };
        let mine = mine();
        let (contacts, activities) = match other.join() {
            Ok(r) => r?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let (deals, deal_tasks, tasks) = mine?;
        Ok::<_, crate::Error>((deals, deal_tasks, contacts, tasks, activities))
    })?;
    Ok(Data {
        now,
        today: local_day(now),
        pipelines: q.pipelines()?,
        deals,
        contacts,
        tasks,
        activities,
        deal_tasks,
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
