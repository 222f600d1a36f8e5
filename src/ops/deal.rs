//! Moving deals through their pipeline: to a stage, won, lost (with a reason).

use super::record::update_in;
use crate::error::{Error, Result};
use crate::model::{Deal, Pipeline, StageOutcome};
use crate::store::{Committed, Queries, Store, Tx};

/// Moves a deal to the stage named by `stage` (case-insensitive name or prefix) of its
/// pipeline. Moving into the Won or Lost stage closes the deal.
pub fn move_deal(store: &Store, id: u64, stage: &str) -> Result<Committed<Deal>> {
    store.write("deal.move", |tx| {
        let deal: Deal = tx.require(id)?;
        let pipeline: Pipeline = tx.require(deal.pipeline)?;
        let target = pipeline
            .find_stage(stage)
            .map_err(|m| Error::invalid("stage", m))?
            .clone();
        move_in(tx, deal, &pipeline, target.id, None)
    })
}

/// Moves a deal one stage left (`-1`) or right (`+1`) among its pipeline's open stages;
/// used by the kanban's `H`/`L`.
pub fn step_deal(store: &Store, id: u64, step: i32) -> Result<Committed<Deal>> {
    store.write("deal.move", |tx| {
        let deal: Deal = tx.require(id)?;
        let pipeline: Pipeline = tx.require(deal.pipeline)?;
        let open: Vec<u32> = pipeline.open_stages().map(|s| s.id).collect();
        let here = open.iter().position(|s| *s == deal.stage);
        let next = match here {
            Some(i) => {
                let j = i as i64 + step as i64;
                if j < 0 || j >= open.len() as i64 {
                    return Err(Error::Conflict(format!(
                        "D-{id} is already in the {} stage",
                        if step < 0 { "first" } else { "last open" }
                    )));
                }
                open[j as usize]
            }
            // A closed deal reopens into the last open stage.
            None => *open.last().ok_or_else(|| {
                Error::Conflict(format!("pipeline {} has no open stages", pipeline.name))
            })?,
        };
        move_in(tx, deal, &pipeline, next, None)
    })
}

/// Marks a deal won (moves it to its pipeline's Won stage).
pub fn win_deal(store: &Store, id: u64) -> Result<Committed<Deal>> {
    close(store, id, StageOutcome::Won, None)
}

/// Marks a deal lost, with the reason.
pub fn lose_deal(store: &Store, id: u64, reason: Option<String>) -> Result<Committed<Deal>> {
    close(store, id, StageOutcome::Lost, reason)
}

fn close(
    store: &Store,
    id: u64,
    outcome: StageOutcome,
    reason: Option<String>,
) -> Result<Committed<Deal>> {
    let op = if outcome == StageOutcome::Won {
        "deal.won"
    } else {
        "deal.lost"
    };
    store.write(op, |tx| {
        let deal: Deal = tx.require(id)?;
        let pipeline: Pipeline = tx.require(deal.pipeline)?;
        let stage = pipeline
            .closing_stage(outcome)
            .ok_or_else(|| {
                Error::Conflict(format!(
                    "pipeline {} has no {:?} stage",
                    pipeline.name, outcome
                ))
            })?
            .id;
        move_in(tx, deal, &pipeline, stage, reason)
    })
}

fn move_in(
    tx: &mut Tx,
    deal: Deal,
    pipeline: &Pipeline,
    stage: u32,
    reason: Option<String>,
) -> Result<Deal> {
    if deal.stage == stage && reason.is_none() {
        let name = pipeline
            .stage(stage)
            .map(|s| s.name.as_str())
            .unwrap_or("?");
        return Err(Error::Conflict(format!(
            "D-{} is already in {name}",
            deal.id
        )));
    }
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let moved = update_in(tx, deal.id, |d: &mut Deal| {
        d.stage = stage;
        if reason.is_some() {
            d.lost_reason = reason.clone();
        }
        Ok(())
    })?;
    let name = pipeline
        .stage(stage)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let mut summary = format!("moved D-{} {} to {name}", moved.id, moved.title);
    if let Some(r) = &moved.lost_reason {
        summary.push_str(&format!(" ({r})"));
    }
    tx.describe(summary);
    Ok(moved)
}
