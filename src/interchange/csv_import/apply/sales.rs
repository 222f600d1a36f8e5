//! Deals: the pipeline by name (or the default one), the stage by name or prefix, with
//! "won"/"lost" (and HubSpot's "closedwon"/"closedlost") meaning the closing stages;
//! the company matched or created, contacts found by email, name or id.

use super::resolve::Resolver;
use super::{Applied, created_at};
use crate::error::{Error, Result};
use crate::interchange::csv_import::convert::Draft;
use crate::interchange::csv_import::report::{ImportReport, Outcome};
use crate::model::{Instant, Kind, Pipeline, RecordId, StageOutcome};
use crate::store::Tx;

/// Creates a deal from its draft.
pub fn deal(
    tx: &mut Tx,
    r: &mut Resolver,
    report: &mut ImportReport,
    line: u64,
    draft: Draft,
    created: Option<Instant>,
) -> Result<Applied> {
    let Draft::Deal {
        mut deal,
        pipeline,
        stage,
        status,
        company,
        contacts,
    } = draft
    else {
        return Err(Error::Conflict("internal: not a deal draft".into()));
    };
    let p = pick_pipeline(r, pipeline.as_deref())?;
    deal.pipeline = p.id;
    deal.stage = pick_stage(&p, stage.as_deref(), status.as_deref())?;
    deal.company = r.company(tx, report, line, company.as_deref(), None, true)?;
    for c in &contacts {
        let id = r.contact(tx, c)?;
        if !deal.contacts.contains(&id) {
            deal.contacts.push(id);
        }
    }
    let added = r.creator.add(tx, deal, created_at(created))?;
    Ok(Applied::Created(Outcome {
        line,
        record: RecordId::new(Kind::Deal, added.id),
        label: added.title,
        note: String::new(),
    }))
}

fn pick_pipeline(r: &Resolver, name: Option<&str>) -> Result<Pipeline> {
    let list = || {
        r.pipelines
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        None => r.pipelines.first().cloned().ok_or_else(|| {
            Error::Conflict("no pipeline exists; add one with `rolo pipeline add`".into())
        }),
        Some(n) => r
            .pipelines
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(n.trim()))
            .cloned()
            .ok_or_else(|| {
                Error::invalid(
                    "pipeline",
                    format!("no pipeline named '{n}'; pipelines are {}; create it with `rolo pipeline add`", list()),
                )
            }),
    }
}

/// The closing outcome a stage or status word means, if any.
fn closing(word: &str) -> Option<StageOutcome> {
    let key: String = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match key.as_str() {
        "won" | "closedwon" | "win" => Some(StageOutcome::Won),
        "lost" | "closedlost" => Some(StageOutcome::Lost),
        _ => None,
    }
}

fn pick_stage(p: &Pipeline, stage: Option<&str>, status: Option<&str>) -> Result<u32> {
    let outcome = status.and_then(closing).or_else(|| stage.and_then(closing));
    if let Some(o) = outcome {
        return p.closing_stage(o).map(|s| s.id).ok_or_else(|| {
            Error::invalid("stage", format!("pipeline {} has no {o:?} stage", p.name))
        });
    }
    match stage {
        Some(s) => p
            .find_stage(s)
            .map(|s| s.id)
            .map_err(|m| Error::invalid("stage", m)),
        None => p.open_stages().next().map(|s| s.id).ok_or_else(|| {
            Error::invalid("stage", format!("pipeline {} has no open stage", p.name))
        }),
    }
}
