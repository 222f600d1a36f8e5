//! The funnel: stage-to-stage conversion from the stage history. The cohort is the deals
//! created in the period; a deal counts as having reached a stage when its history
//! shows it in that stage or any later one (a skipped stage counts as passed), and Won
//! is the last step. Lost deals are counted at the furthest stage they reached, which
//! shows where the pipeline loses the most.

use serde::Serialize;

use super::table::{Cell, Table};
use super::{Data, Scope, stats};
use crate::model::{DealStatus, StageOutcome};

/// One step of a funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelStep {
    /// Stage id.
    pub stage_id: u32,
    /// Stage name.
    pub stage: String,
    /// Deals of the cohort that reached this stage or a later one.
    pub reached: usize,
    /// `reached` / the previous step's `reached`; none for the first step.
    pub from_previous: Option<f64>,
    /// `reached` / the first step's `reached`.
    pub from_start: Option<f64>,
    /// Deals lost whose furthest stage was this one.
    pub lost_here: usize,
    /// Deals still open in this stage.
    pub open_here: usize,
}

/// The funnel of one pipeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    /// Pipeline id.
    pub pipeline_id: u64,
    /// Pipeline name.
    pub pipeline: String,
    /// Deals in the cohort.
    pub deals: usize,
    /// Its open stages in order, then Won.
    pub steps: Vec<FunnelStep>,
}

/// The funnel report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelReport {
    /// One funnel per pipeline in scope, in id order.
    pub pipelines: Vec<Funnel>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// Computes the funnel report.
pub fn compute(data: &Data, scope: &Scope) -> FunnelReport {
    let mut pipelines = Vec::new();
    for p in data.pipelines_in(scope) {
        let steps: Vec<_> = p
            .open_stages()
            .chain(p.closing_stage(StageOutcome::Won))
            .collect();
        let mut reached = vec![0usize; steps.len()];
        let mut lost_here = vec![0usize; steps.len()];
        let mut open_here = vec![0usize; steps.len()];
        let mut deals = 0;
        for d in data
            .deals
            .iter()
            .filter(|d| d.pipeline == p.id && scope.deal(d) && scope.contains(d.created))
        {
            deals += 1;
            let position = |stage: u32| steps.iter().position(|s| s.id == stage);
            let furthest = d
                .history
                .iter()
                .filter_map(|h| position(h.stage))
                .chain(position(d.stage))
                .max();
            let Some(furthest) = furthest else { continue };
            for r in &mut reached[..=furthest] {
                *r += 1;
            }
            match d.status {
                DealStatus::Lost => lost_here[furthest] += 1,
                DealStatus::Open => {
                    if let Some(here) = position(d.stage) {
                        open_here[here] += 1;
                    }
                }
                DealStatus::Won => {}
            }
        }
        let first = reached.first().copied().unwrap_or(0);
        let steps = steps
            .iter()
            .enumerate()
            .map(|(i, s)| FunnelStep {
                stage_id: s.id,
                stage: s.name.clone(),
                reached: reached[i],
                from_previous: i
                    .checked_sub(1)
                    .and_then(|j| stats::rate(reached[i], reached[j])),
                from_start: stats::rate(reached[i], first),
                lost_here: lost_here[i],
                open_here: open_here[i],
            })
            .collect();
        pipelines.push(Funnel {
            pipeline_id: p.id,
            pipeline: p.name.clone(),
            deals,
            steps,
        });
    }
    FunnelReport {
        pipelines,
        notes: vec![
            "cohort: deals created in the period; conversion from each deal's stage history".into(),
            "a deal that skipped a stage counts as having passed it".into(),
        ],
    }
}

impl FunnelReport {
    /// One table: a row per step of each pipeline's funnel.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "steps",
            "Stage-to-stage conversion",
            vec![
                "PIPELINE",
                "STAGE",
                "REACHED",
                "FROM PREVIOUS",
                "FROM START",
                "LOST HERE",
                "OPEN HERE",
            ],
        );
        for f in &self.pipelines {
            for s in &f.steps {
                t.push(vec![
                    Cell::text(&f.pipeline),
                    Cell::text(&s.stage),
                    Cell::Count(s.reached),
                    Cell::Rate(s.from_previous),
                    Cell::Rate(s.from_start),
                    Cell::Count(s.lost_here),
                    Cell::Count(s.open_here),
                ]);
            }
        }
        vec![t]
    }
}
