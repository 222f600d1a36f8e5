//! Activities and tasks: what they are logged on or linked to is found by the source
//! product's ids first (Pipedrive's "Deal - ID", HubSpot's associations, Salesforce's
//! WhoId and WhatId), else by rolo id, email, name or title; an activity whose external
//! id is already logged, and a task whose source id is already imported, are matched,
//! not created twice.

use super::resolve::Resolver;
use super::{Applied, Source, created_at};
use crate::error::{Error, Result};
use crate::interchange::csv_import::convert::Draft;
use crate::interchange::csv_import::report::Outcome;
use crate::model::{Instant, Kind, RecordId};
use crate::ops;
use crate::store::{Queries, Tx};

/// Logs an activity from its draft; the "last activity" it moves waits in `touches`
/// (written once per record at the end of the file), unless each record is written as
/// it is created.
pub fn activity(
    tx: &mut Tx,
    r: &mut Resolver,
    touches: &mut ops::Touches,
    per_record: bool,
    line: u64,
    draft: Draft,
    src: Source<'_>,
) -> Result<Applied> {
    let Draft::Activity {
        mut activity,
        contacts,
        company,
        deal,
    } = draft
    else {
        return Err(Error::Conflict("internal: not an activity draft".into()));
    };
    if let Some(x) = &activity.external_id
        && let Some(id) = tx.activity_by_external(x)?
    {
        return Ok(Applied::Matched(Outcome {
            line,
            record: RecordId::new(Kind::Activity, id),
            label: activity.subject,
            note: "same external id, already logged".into(),
        }));
    }
    let named = Named {
        contacts: !contacts.is_empty(),
        company: company.is_some(),
        deal: deal.is_some(),
    };
    let links = by_ids(tx, r, src, named)?;
    for id in links.contacts.iter().copied() {
        if !activity.contacts.contains(&id) {
            activity.contacts.push(id);
        }
    }
    if links.contacts.is_empty() {
        for c in &contacts {
            let id = r.contact(tx, c)?;
            if !activity.contacts.contains(&id) {
                activity.contacts.push(id);
            }
        }
    }
    activity.deal = match links.deal {
        Some(d) => Some(d),
        None => deal.map(|d| r.deal(tx, &d)).transpose()?,
    };
    activity.company = match links.company {
        Some(c) => Some(c),
        None => {
            let mut report = Default::default();
            r.company(tx, &mut report, line, company.as_deref(), None, false)?
        }
    };
    let logged = if per_record {
        std::borrow::Cow::Owned(ops::log_in(tx, activity)?)
    } else {
        ops::log_many(tx, &r.creator, touches, activity)?
    };
    Ok(Applied::Created(Outcome {
        line,
        record: RecordId::new(Kind::Activity, logged.id),
        label: logged.subject.clone(),
        note: String::new(),
    }))
}

/// Creates a task from its draft.
pub fn task(
    tx: &mut Tx,
    r: &mut Resolver,
    line: u64,
    draft: Draft,
    created: Option<Instant>,
    src: Source<'_>,
) -> Result<Applied> {
    let Draft::Task {
        mut task,
        link,
        contact,
        company,
        deal,
    } = draft
    else {
        return Err(Error::Conflict("internal: not a task draft".into()));
    };
    let named = Named {
        contacts: contact.is_some(),
        company: company.is_some(),
        deal: deal.is_some(),
    };
    let links = by_ids(tx, r, src, named)?;
    task.link = if let Some(l) = link {
        Some(
            l.parse::<RecordId>()
                .map_err(|e| Error::invalid("link", e.to_string()))?,
        )
    } else if let Some(d) = links.deal {
        Some(RecordId::new(Kind::Deal, d))
    } else if let Some(d) = deal {
        Some(RecordId::new(Kind::Deal, r.deal(tx, &d)?))
    } else if let Some(&c) = links.contacts.first() {
        Some(RecordId::new(Kind::Contact, c))
    } else if let Some(c) = contact {
        Some(RecordId::new(Kind::Contact, r.contact(tx, &c)?))
    } else if let Some(o) = links.company {
        Some(RecordId::new(Kind::Company, o))
    } else if let Some(o) = company {
        let mut report = Default::default();
        r.company(tx, &mut report, line, Some(&o), None, false)?
            .map(|id| RecordId::new(Kind::Company, id))
    } else {
        None
    };
    if task.done_at == Some(Instant::default()) {
        task.done_at = Some(tx.now());
    }
    for (key, id) in &task.source_ids {
        if let Some(found) = r.by_key(tx, Kind::Task, key, id)? {
            return Ok(Applied::Matched(Outcome {
                line,
                record: RecordId::new(Kind::Task, found),
                label: task.title,
                note: "same source id, already a task".into(),
            }));
        }
    }
    let added = r.creator.add(tx, task, created_at(created))?;
    r.remember_source(Kind::Task, &added.source_ids, added.id);
    Ok(Applied::Created(Outcome {
        line,
        record: RecordId::new(Kind::Task, added.id),
        label: added.title.clone(),
        note: String::new(),
    }))
}

/// Which links a row also gives by name (a link by id that finds nothing then falls
/// back to the name, as a deal's company does).
#[derive(Clone, Copy)]
struct Named {
    contacts: bool,
    company: bool,
    deal: bool,
}

/// The records a row links to by its source product's ids.
#[derive(Default)]
struct ByIds {
    contacts: Vec<u64>,
    company: Option<u64>,
    deal: Option<u64>,
}

/// Finds the records a row's id columns name. An id no imported record has is the
/// row's error (naming the column's field), unless the row also names that record.
fn by_ids(tx: &Tx, r: &mut Resolver, src: Source<'_>, named: Named) -> Result<ByIds> {
    let mut out = ByIds::default();
    let Some(p) = src.product else {
        return Ok(out);
    };
    for (_, id) in &src.ids.contacts {
        match r.by_source(tx, Kind::Contact, p, id)? {
            Some(c) if !out.contacts.contains(&c) => out.contacts.push(c),
            Some(_) => {}
            None if named.contacts => {}
            None => {
                r.linked(tx, Kind::Contact, p, id, "contact_id")?;
            }
        }
    }
    if let Some((_, id)) = &src.ids.company {
        out.company = match r.by_source(tx, Kind::Company, p, id)? {
            None if !named.company => Some(r.linked(tx, Kind::Company, p, id, "company_id")?),
            found => found,
        };
    }
    if let Some((_, id)) = &src.ids.deal {
        out.deal = match r.by_source(tx, Kind::Deal, p, id)? {
            None if !named.deal => Some(r.linked(tx, Kind::Deal, p, id, "deal_id")?),
            found => found,
        };
    }
    if let Some((_, id)) = &src.ids.related {
        if let Some(d) = r.by_source(tx, Kind::Deal, p, id)? {
            out.deal = out.deal.or(Some(d));
        } else if let Some(c) = r.by_source(tx, Kind::Company, p, id)? {
            out.company = out.company.or(Some(c));
        } else if !named.deal && !named.company {
            return Err(Error::invalid(
                "related_id",
                format!(
                    "no deal or company imported from {} has this id; import those files first, or leave the column out with --map \"COLUMN=ignore\"",
                    p.label()
                ),
            ));
        }
    }
    Ok(out)
}
