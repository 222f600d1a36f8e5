//! Deal velocity: how long winning takes (days from a deal's creation to its win, for
//! deals won in the period, overall and by close period) and how long deals stay in
//! each stage (from the stage history: a stay runs from entering a stage to entering
//! the next; stays that ended in the period count, ongoing ones do not).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::scope::local_day;
use super::table::{Cell, Table};
use super::{Data, Scope, stats};
use crate::model::DealStatus;

/// Sales-cycle length of the deals won in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleLine {
    /// The close period ("2026-11").
    pub period: String,
    /// Deals won then.
    pub won: usize,
    /// Mean days from creation to won.
    pub mean_days: Option<f64>,
    /// Median days from creation to won.
    pub median_days: Option<f64>,
}

/// Time spent in one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTime {
    /// Pipeline id.
    pub pipeline_id: u64,
    /// Pipeline name.
    pub pipeline: String,
    /// Stage id.
    pub stage_id: u32,
    /// Stage name.
    pub stage: String,
    /// Completed stays measured.
    pub stays: usize,
    /// Mean days per stay.
    pub mean_days: Option<f64>,
    /// Median days per stay.
    pub median_days: Option<f64>,
}

/// The velocity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VelocityReport {
    /// Deals won in the period.
    pub won: usize,
    /// Mean days from creation to won.
    pub mean_days: Option<f64>,
    /// Median days from creation to won.
    pub median_days: Option<f64>,
    /// The same per close period, in time order.
    pub by_period: Vec<CycleLine>,
    /// Time in each open stage, pipelines in id order, stages in pipeline order.
    pub stages: Vec<StageTime>,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// Computes the velocity report.
pub fn compute(data: &Data, scope: &Scope) -> VelocityReport {
    let mut cycles = Vec::new();
    let mut periods: BTreeMap<chrono::NaiveDate, (String, Vec<f64>)> = BTreeMap::new();
    let mut stays: HashMap<(u64, u32), Vec<f64>> = HashMap::new();
    for d in data.deals.iter().filter(|d| scope.deal(d)) {
        if d.status == DealStatus::Won
            && let Some(closed) = d.closed_at
            && scope.contains(closed)
        {
            let days = stats::days(closed - d.created).max(0.0);
            cycles.push(days);
            let day = local_day(closed);
            periods
                .entry(scope.by.start(day))
                .or_insert_with(|| (scope.by.label(day), Vec::new()))
                .1
                .push(days);
        }
        for pair in d.history.windows(2) {
            if scope.contains(pair[1].at) {
                stays
                    .entry((d.pipeline, pair[0].stage))
                    .or_default()
                    .push(stats::days(pair[1].at - pair[0].at).max(0.0));
            }
        }
    }
    let mut stages = Vec::new();
    for p in data.pipelines_in(scope) {
        for s in p.open_stages() {
            let v = stays.get(&(p.id, s.id)).map(Vec::as_slice).unwrap_or(&[]);
            stages.push(StageTime {
                pipeline_id: p.id,
                pipeline: p.name.clone(),
                stage_id: s.id,
                stage: s.name.clone(),
                stays: v.len(),
                mean_days: stats::mean(v),
                median_days: stats::median(v),
            });
        }
    }
    VelocityReport {
        won: cycles.len(),
        mean_days: stats::mean(&cycles),
        median_days: stats::median(&cycles),
        by_period: periods
            .into_values()
            .map(|(period, v)| CycleLine {
                period,
                won: v.len(),
                mean_days: stats::mean(&v),
                median_days: stats::median(&v),
            })
            .collect(),
        stages,
        notes: vec![
            "cycle length: days from creation to won, for deals won in the period".into(),
            "time in stage: completed stays (entering a stage to entering the next) that ended in the period; a deal's current stay is not counted".into(),
        ],
    }
}

impl VelocityReport {
    /// The cycle length overall and by period, then time in stage.
    pub fn tables(&self) -> Vec<Table> {
        let mut c = Table::new(
            "cycle",
            "Sales cycle (days from creation to won)",
            vec!["PERIOD", "WON", "MEAN DAYS", "MEDIAN DAYS"],
        );
        c.push(vec![
            Cell::text("all"),
            Cell::Count(self.won),
            Cell::Number(self.mean_days),
            Cell::Number(self.median_days),
        ]);
        for l in &self.by_period {
            c.push(vec![
                Cell::text(&l.period),
                Cell::Count(l.won),
                Cell::Number(l.mean_days),
                Cell::Number(l.median_days),
            ]);
        }
        let mut s = Table::new(
            "stages",
            "Time in stage (days)",
            vec!["PIPELINE", "STAGE", "STAYS", "MEAN DAYS", "MEDIAN DAYS"],
        );
        for t in &self.stages {
            s.push(vec![
                Cell::text(&t.pipeline),
                Cell::text(&t.stage),
                Cell::Count(t.stays),
                Cell::Number(t.mean_days),
                Cell::Number(t.median_days),
            ]);
        }
        vec![c, s]
    }
}
