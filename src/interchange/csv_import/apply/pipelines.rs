//! Carrying out a deals import's pipeline plan inside the import's transaction: the
//! pipelines it names are created (open stages, then Won and Lost) and missing open
//! stages are added to existing pipelines before their closing stages, through the ops
//! layer, so that they are part of the import's one change-log entry and `rolo undo`
//! takes them back with the deals.

use crate::error::{Error, Result};
use crate::interchange::csv_import::pipelines::{PipelineChange, Route};
use crate::model::{Pipeline, Stage, StageOutcome};
use crate::ops;
use crate::store::Tx;

/// Rotting threshold of created stages, as `rolo pipeline add` gives them.
const ROT_DAYS: u32 = 14;

fn open_stage(id: u32, name: &str, probability: u8) -> Stage {
    Stage {
        id,
        name: name.to_string(),
        probability,
        rot_days: Some(ROT_DAYS),
        outcome: StageOutcome::Open,
    }
}

/// Creates and extends pipelines as `changes` say; a created pipeline's id is noted.
pub fn carry_out(tx: &mut Tx, changes: &mut [PipelineChange]) -> Result<()> {
    for c in changes.iter_mut() {
        match (c.new, c.id) {
            (false, Some(id)) => {
                let add = c.stages.clone();
                ops::update_in(tx, id, |p: &mut Pipeline| {
                    let first = p.stages.iter().map(|s| s.id).max().unwrap_or(0) + 1;
                    let at = p
                        .stages
                        .iter()
                        .position(|s| s.outcome != StageOutcome::Open)
                        .unwrap_or(p.stages.len());
                    for (i, s) in add.iter().enumerate() {
                        let id = first + i as u32;
                        p.stages
                            .insert(at + i, open_stage(id, &s.name, s.probability));
                    }
                    Ok(())
                })?;
            }
            _ => {
                let mut stages: Vec<Stage> = c
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(i, s)| open_stage(i as u32 + 1, &s.name, s.probability))
                    .collect();
                let next = stages.len() as u32 + 1;
                for (id, name, probability, outcome) in [
                    (next, "Won", 100, StageOutcome::Won),
                    (next + 1, "Lost", 0, StageOutcome::Lost),
                ] {
                    stages.push(Stage {
                        id,
                        name: name.to_string(),
                        probability,
                        rot_days: None,
                        outcome,
                    });
                }
                let created = ops::add_in(
                    tx,
                    Pipeline {
                        id: 0,
                        name: c.pipeline.clone(),
                        stages,
                    },
                )?;
                c.pipeline = created.name.clone();
                c.id = Some(created.id);
            }
        }
    }
    Ok(())
}

/// The pipeline, open stage and closing stage of a route, among `pipelines` (which
/// hold everything the plan created).
pub fn locate(pipelines: &[Pipeline], route: &Route) -> Result<(u64, Option<u32>, u32)> {
    let k = route.pipeline.to_lowercase();
    let p = pipelines
        .iter()
        .find(|p| p.name.to_lowercase() == k)
        .ok_or_else(|| {
            Error::invalid("pipeline", format!("no pipeline named {}", route.pipeline))
        })?;
    let open = match &route.stage {
        Some(s) => Some(
            p.stages
                .iter()
                .find(|x| x.outcome == StageOutcome::Open && x.name.eq_ignore_ascii_case(s))
                .or_else(|| p.stages.iter().find(|x| x.name.eq_ignore_ascii_case(s)))
                .ok_or_else(|| {
                    Error::invalid("stage", format!("no stage '{s}' in pipeline {}", p.name))
                })?
                .id,
        ),
        None => None,
    };
    let current = match route.outcome {
        StageOutcome::Open => match open {
            Some(s) => s,
            None => p.open_stages().next().map(|s| s.id).ok_or_else(|| {
                Error::invalid("stage", format!("pipeline {} has no open stage", p.name))
            })?,
        },
        o => p.closing_stage(o).map(|s| s.id).ok_or_else(|| {
            Error::invalid("stage", format!("pipeline {} has no {o:?} stage", p.name))
        })?,
    };
    Ok((p.id, open, current))
}
