//! `rolo deal list`: a page of deals read through the sort index in the asked order
//! (stage order walks each pipeline's stages as the pipeline orders them), decoding
//! only the deals it looks at.

use super::output::Sink;
use super::page::{self, PageArgs, Pager};
use super::views::{self, Names};
use super::{Ctx, resolve};
use crate::error::Error;
use crate::model::*;
use crate::store::sort::{self, DealSort};
use crate::store::{Queries, Windows};

/// The filters of `deal list`.
pub struct Filter {
    /// Only this owner's.
    pub owner: Option<String>,
    /// Only in this stage (name or prefix).
    pub stage: Option<String>,
    /// Only in this pipeline.
    pub pipeline: Option<String>,
    /// open, won, lost or all (ignored with a stage).
    pub status: String,
    /// Only with this tag.
    pub tag: Option<String>,
    /// Only for this company.
    pub company: Option<String>,
    /// Only open deals past their stage's rotting threshold.
    pub rotting: bool,
    /// Only open deals without an open task linked.
    pub no_next_step: bool,
    /// The order.
    pub sort: String,
}

/// Prints a page of deals.
pub fn list(ctx: &Ctx, f: Filter, page: PageArgs) -> anyhow::Result<()> {
    let r = ctx.store.read()?;
    let names = Names::load(&r)?;
    let pipeline = f
        .pipeline
        .as_deref()
        .map(|p| r.find_pipeline(p))
        .transpose()?;
    let stage = match &f.stage {
        Some(s) => {
            let p = match &pipeline {
                Some(p) => p.clone(),
                None => r.default_pipeline()?,
            };
            Some((
                p.id,
                p.find_stage(s).map_err(|m| Error::invalid("stage", m))?.id,
            ))
        }
        None => None,
    };
    let status = match f.status.to_lowercase().as_str() {
        "open" => Some(DealStatus::Open),
        "won" => Some(DealStatus::Won),
        "lost" => Some(DealStatus::Lost),
        "all" => None,
        other => {
            return Err(
                Error::invalid("status", format!("'{other}': use open, won, lost or all")).into(),
            );
        }
    };
    let company = f
        .company
        .as_deref()
        .map(|c| {
            resolve::company(&r, c)?
                .ok_or_else(|| Error::invalid("company", format!("no company named '{c}'")))
        })
        .transpose()?;
    let by = match f.sort.as_str() {
        "value" => DealSort::Value,
        "close" => DealSort::Close,
        "created" => DealSort::Created,
        "title" => DealSort::Title,
        "stage" => DealSort::Stage,
        other => {
            return Err(Error::invalid(
                "sort",
                format!("'{other}': sort by value, close, created, stage or title"),
            )
            .into());
        }
    };
    let after = match &page.after {
        Some(a) => {
            let id = resolve::id(a, Kind::Deal)?;
            let d: Deal = r.get(id)?.ok_or_else(|| super::page::gone_cursor(a))?;
            let key = sort::deal_key(&d, by);
            Some((d, key))
        }
        None => None,
    };
    let owner = f.owner.as_deref().map(|o| ctx.user(o));
    let now = ctx.store.now();
    let tag = f.tag.as_deref().map(|t| t.trim().to_lowercase());
    let keep = |d: &Deal| {
        pipeline.as_ref().is_none_or(|p| d.pipeline == p.id)
            && stage.is_none_or(|(p, s)| (d.pipeline, d.stage) == (p, s))
            && (stage.is_some() || status.is_none_or(|s| d.status == s))
            && company.is_none_or(|c| d.company == Some(c))
            && owner
                .as_ref()
                .is_none_or(|o| d.owner.eq_ignore_ascii_case(o))
            && tag.as_ref().is_none_or(|t| d.tags.contains(t))
            && (!f.rotting
                || names
                    .pipeline_of(d)
                    .is_some_and(|p| health::is_rotting(d, p, now)))
            && (!f.no_next_step || lacks_next_step(&r, d))
    };
    let mut sink = Sink::new(ctx, views::DEAL_HEADERS.to_vec());
    let mut pager = Pager::new(&page);
    let mut visit = |id: u64| -> crate::Result<bool> {
        let Some(d) = r.get::<Deal>(id)? else {
            return Ok(true);
        };
        Ok(pager.offer(
            &mut sink,
            keep(&d),
            || views::deal_row(&d, &names),
            || views::deal_json(&d, &names),
        ))
    };
    let cursor = after.as_ref().map(|(d, k)| (k.clone(), d.id));
    let tag_of = sort::DEAL | by as u8;
    if let Some(co) = company {
        // A company's deals are few: read them through the link index.
        let mut keyed = Vec::new();
        for id in r.linked(RecordId::new(Kind::Company, co), Kind::Deal)? {
            if let Some(d) = r.get::<Deal>(id)? {
                keyed.push((sort::deal_key(&d, by), id));
            }
        }
        if by == DealSort::Stage {
            keyed.sort_by_key(|(k, id)| (stage_rank(&names, k), k.clone(), *id));
            let past = cursor
                .as_ref()
                .map(|c| (stage_rank(&names, &c.0), c.0.clone(), c.1));
            for (k, id) in keyed {
                if past
                    .as_ref()
                    .is_none_or(|p| (stage_rank(&names, &k), k.clone(), id) > *p)
                    && !visit(id)?
                {
                    break;
                }
            }
        } else {
            page::visit_all(page::order(keyed, true, cursor.as_ref()), &mut visit)?;
        }
    } else if by == DealSort::Stage {
        walk_stages(
            &r,
            &names,
            pipeline.as_ref().map(|p| p.id),
            stage,
            after.as_ref(),
            &mut visit,
        )?;
    } else {
        r.walk_sorted(
            tag_of,
            cursor.as_ref().map(|(k, id)| (k.as_str(), *id)),
            true,
            &mut |_, id| visit(id),
        )?;
    }
    sink.finish("no deals match")
}

/// Whether an open deal has no open task linked; read only for deals the other
/// filters kept, through the link index.
fn lacks_next_step(r: &impl Windows, d: &Deal) -> bool {
    if d.status != DealStatus::Open {
        return false;
    }
    let tasks: Vec<Task> = r
        .linked(RecordId::new(Kind::Deal, d.id), Kind::Task)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|t| r.get::<Task>(t).ok().flatten())
        .collect();
    health::lacks_next_step(d, &tasks)
}

/// Where a "stage" key's stage stands: (pipeline, position of the stage in it).
fn stage_rank(names: &Names, key: &str) -> (u64, usize) {
    let pipeline = key
        .get(..20)
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(0);
    let stage = key
        .get(21..31)
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(0);
    let position = names
        .pipeline_by_id(pipeline)
        .and_then(|p| p.position(stage))
        .unwrap_or(usize::MAX);
    (pipeline, position)
}

/// Walks deals in stage order: pipelines by id, each pipeline's stages in its order
/// (largest value first within a stage), from just past the cursor deal.
fn walk_stages(
    r: &impl Windows,
    names: &Names,
    only_pipeline: Option<u64>,
    only_stage: Option<(u64, u32)>,
    after: Option<&(Deal, String)>,
    visit: &mut dyn FnMut(u64) -> crate::Result<bool>,
) -> crate::Result<()> {
    let tag = sort::DEAL | DealSort::Stage as u8;
    let mut stages: Vec<(u64, u32)> = Vec::new();
    for p in names.pipelines() {
        if only_pipeline.is_some_and(|o| o != p.id) {
            continue;
        }
        stages.extend(p.stages.iter().map(|s| (p.id, s.id)));
    }
    if let Some(s) = only_stage {
        stages.retain(|x| *x == s);
    }
    // Start at the cursor's stage, just past it.
    let mut from = after.map(|(d, key)| ((d.pipeline, d.stage), key.as_str(), d.id));
    let skip = match &from {
        Some((at, _, _)) => stages.iter().position(|s| s == at).unwrap_or(stages.len()),
        None => 0,
    };
    for &(p, s) in stages.iter().skip(skip) {
        let past = from.take().map(|(_, k, id)| (k, id));
        if !r.walk_prefix(tag, &sort::stage_prefix(p, s), past, &mut |_, id| visit(id))? {
            break;
        }
    }
    Ok(())
}
