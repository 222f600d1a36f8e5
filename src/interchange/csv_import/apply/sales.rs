//! Deals: each goes to the pipeline and stage its route names (planned, and created
//! where missing, before the rows are applied); won and lost deals close into their
//! pipeline's closing stage. The stage history and `closed_at` carry the source's dates
//! (created; won, lost or closed), so sales-cycle and win-rate reports see the real
//! ones rather than the day of the import. The company is matched or created, contacts
//! are found by email, name or id.

use chrono::{NaiveTime, TimeZone, Utc};

use super::pipelines::locate;
use super::resolve::Resolver;
use super::{Applied, Source};
use crate::error::{Error, Result};
use crate::interchange::csv_import::convert::Draft;
use crate::interchange::csv_import::pipelines::Route;
use crate::interchange::csv_import::report::{ImportReport, Outcome};
use crate::model::{Deal, DealStatus, Instant, Kind, RecordId, StageEntry};
use crate::store::Tx;

/// Creates a deal from its draft, in the place `route` names; a deal already imported
/// with the same source id is updated instead.
#[allow(clippy::too_many_arguments)]
pub fn deal(
    tx: &mut Tx,
    r: &mut Resolver,
    report: &mut ImportReport,
    line: u64,
    draft: Draft,
    created: Option<Instant>,
    route: &Route,
    src: Source<'_>,
) -> Result<Applied> {
    let Draft::Deal {
        mut deal,
        refs: _,
        closed_at,
        company,
        contacts,
    } = draft
    else {
        return Err(Error::Conflict("internal: not a deal draft".into()));
    };
    let (pipeline, open, current) = locate(&r.pipelines, route)?;
    deal.pipeline = pipeline;
    deal.stage = current;
    deal.company = match (src.product, &src.ids.company) {
        (Some(p), Some((_, id))) => match r.by_source(tx, Kind::Company, p, id)? {
            Some(found) => Some(found),
            None if company.is_some() => None,
            None => Some(r.linked(tx, Kind::Company, p, id, "company_id")?),
        },
        _ => None,
    };
    if deal.company.is_none() {
        deal.company = r.company(tx, report, line, company.as_deref(), None, true)?;
    }
    if let Some(p) = src.product {
        for (_, id) in &src.ids.contacts {
            let found = r.linked(tx, Kind::Contact, p, id, "contact_id")?;
            if !deal.contacts.contains(&found) {
                deal.contacts.push(found);
            }
        }
    }
    // A contact linked by id is not looked up by name as well.
    if src.product.is_none() || src.ids.contacts.is_empty() {
        for c in &contacts {
            let id = r.contact(tx, c)?;
            if !deal.contacts.contains(&id) {
                deal.contacts.push(id);
            }
        }
    }
    if let Some((p, id)) = src.own() {
        deal.source_ids.insert(p.key().to_string(), id.clone());
        if let Some(existing) = r.by_source(tx, Kind::Deal, p, &id)? {
            return super::deal_update::update(tx, line, existing, deal, closed_at, p);
        }
    }
    let close_date = deal.close_date;
    let added = r.creator.add(tx, deal, |d: &mut Deal| {
        source_dates(d, created, open, closed_at, close_date);
        true
    })?;
    r.remember_source(Kind::Deal, &added.source_ids, added.id);
    Ok(Applied::Created(Outcome {
        line,
        record: RecordId::new(Kind::Deal, added.id),
        label: added.title.clone(),
        note: String::new(),
    }))
}

/// Gives a just-created deal the dates of the system it came from: created then, in
/// its open stage since then, closed when the row says (else on its close date, else
/// now, as the ops layer stamped it).
fn source_dates(
    d: &mut Deal,
    created: Option<Instant>,
    open: Option<u32>,
    closed_at: Option<Instant>,
    close_date: Option<chrono::NaiveDate>,
) {
    if let Some(at) = created {
        d.created = at;
    }
    let mut history = Vec::new();
    if let Some(s) = open.filter(|s| *s != d.stage) {
        history.push(StageEntry {
            stage: s,
            at: d.created,
        });
    }
    if d.status == DealStatus::Open {
        history.push(StageEntry {
            stage: d.stage,
            at: d.created,
        });
    } else {
        // A close date on a closed deal is the day it closed (HubSpot, Salesforce);
        // noon UTC keeps that day in most time zones.
        let at = closed_at
            .or_else(|| close_date.map(|day| Utc.from_utc_datetime(&day.and_time(noon()))))
            .or(d.closed_at)
            .unwrap_or(d.created);
        d.closed_at = Some(at);
        history.push(StageEntry { stage: d.stage, at });
    }
    d.history = history;
}

fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)
}
