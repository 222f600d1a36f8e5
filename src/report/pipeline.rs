//! The pipeline report: where the open deals are now. Per open stage of each pipeline
//! in scope: how many deals, their value and weighted value (the deal's own probability,
//! else the stage's) per currency, their average age in the stage and how many are
//! rotting (`model::health::is_rotting`). A snapshot: the period does not apply.

use serde::Serialize;

use super::money::{self, Amounts, Weighted};
use super::table::{Cell, Table, first, money_cell, per_currency};
use super::{Data, Scope, stats};
use crate::model::health::is_rotting;
use crate::model::{DealStatus, StageOutcome};

/// One open stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageLine {
    /// Pipeline id (`P-id`).
    pub pipeline_id: u64,
    /// Pipeline name.
    pub pipeline: String,
    /// Stage id within the pipeline.
    pub stage_id: u32,
    /// Stage name.
    pub stage: String,
    /// The stage's win probability, 0–100.
    pub probability: u8,
    /// Open deals in the stage.
    pub deals: usize,
    /// Their value per currency.
    pub value_minor: Amounts,
    /// Their value × probability per currency.
    pub weighted_minor: Amounts,
    /// Mean whole days since they entered the stage; none for an empty stage.
    pub avg_days_in_stage: Option<f64>,
    /// How many have sat in the stage longer than its rotting threshold.
    pub rotting: usize,
    /// The deals, for drilling down (not in JSON).
    #[serde(skip)]
    pub deal_ids: Vec<u64>,
}

/// Every open deal in scope, summed.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct PipelineTotal {
    /// Open deals.
    pub deals: usize,
    /// Their value per currency.
    pub value_minor: Amounts,
    /// Their weighted value per currency.
    pub weighted_minor: Amounts,
    /// How many are rotting.
    pub rotting: usize,
}

/// The pipeline report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineReport {
    /// One line per open stage, pipelines in id order, stages in pipeline order.
    pub stages: Vec<StageLine>,
    /// All of them together (per currency).
    pub total: PipelineTotal,
    /// How to read the figures.
    pub notes: Vec<String>,
}

/// Computes the pipeline report.
pub fn compute(data: &Data, scope: &Scope) -> PipelineReport {
    let mut stages = Vec::new();
    let mut total = PipelineTotal::default();
    let mut total_weighted = Weighted::default();
    for p in data.pipelines_in(scope) {
        let open: Vec<_> = data
            .deals
            .iter()
            .filter(|d| d.pipeline == p.id && d.status == DealStatus::Open && scope.deal(d))
            .collect();
        // Open stages in order, then any stage an open deal sits in that is not an
        // open stage (data from an older pipeline layout), so no deal goes missing.
        let mut ids: Vec<u32> = p.open_stages().map(|s| s.id).collect();
        for d in &open {
            if !ids.contains(&d.stage) {
                ids.push(d.stage);
            }
        }
        for sid in ids {
            let stage = p.stage(sid);
            let probability = stage.map(|s| s.probability).unwrap_or(0);
            let mut line = StageLine {
                pipeline_id: p.id,
                pipeline: p.name.clone(),
                stage_id: sid,
                stage: data.stage_name(p.id, sid),
                probability,
                deals: 0,
                value_minor: Amounts::new(),
                weighted_minor: Amounts::new(),
                avg_days_in_stage: None,
                rotting: 0,
                deal_ids: Vec::new(),
            };
            let mut weighted = Weighted::default();
            let mut ages = Vec::new();
            for d in open.iter().filter(|d| d.stage == sid) {
                let pct = d.probability.unwrap_or(probability);
                line.deals += 1;
                line.deal_ids.push(d.id);
                money::add(&mut line.value_minor, d.currency, d.value);
                weighted.add(d.currency, d.value, pct);
                total_weighted.add(d.currency, d.value, pct);
                ages.push(d.days_in_stage(data.now) as f64);
                if is_rotting(d, p, data.now) {
                    line.rotting += 1;
                }
            }
            line.weighted_minor = weighted.finish();
            line.avg_days_in_stage = stats::mean(&ages);
            total.deals += line.deals;
            total.rotting += line.rotting;
            money::add_all(&mut total.value_minor, &line.value_minor);
            stages.push(line);
        }
    }
    total.weighted_minor = total_weighted.finish();
    let mut notes = vec![
        "a snapshot of open deals now: --since/--until do not apply".to_string(),
        "weighted value uses the deal's own probability when set, else the stage's".into(),
        money::CURRENCY_NOTE.to_string(),
    ];
    if data
        .pipelines_in(scope)
        .any(|p| p.stages.iter().all(|s| s.outcome != StageOutcome::Open))
    {
        notes.push("a pipeline without open stages has no lines".into());
    }
    PipelineReport {
        stages,
        total,
        notes,
    }
}

impl PipelineReport {
    /// The report as one table: a row per stage and currency, then the totals.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "stages",
            "Open deals by stage",
            vec![
                "PIPELINE", "STAGE", "DEALS", "VALUE", "WEIGHTED", "AVG DAYS", "ROTTING",
            ],
        );
        for s in &self.stages {
            t.rows.extend(per_currency(s.value_minor.keys(), |c, one| {
                vec![
                    Cell::text(&s.pipeline),
                    Cell::text(&s.stage),
                    first(one, Cell::Count(s.deals)),
                    money_cell(&s.value_minor, c),
                    money_cell(&s.weighted_minor, c),
                    first(one, Cell::Number(s.avg_days_in_stage)),
                    first(one, Cell::Count(s.rotting)),
                ]
            }));
        }
        t.rows
            .extend(per_currency(self.total.value_minor.keys(), |c, one| {
                vec![
                    Cell::text("total"),
                    Cell::text(""),
                    first(one, Cell::Count(self.total.deals)),
                    money_cell(&self.total.value_minor, c),
                    money_cell(&self.total.weighted_minor, c),
                    Cell::text(""),
                    first(one, Cell::Count(self.total.rotting)),
                ]
            }));
        vec![t]
    }
}
