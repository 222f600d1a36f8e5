//! Activities and tasks: what they are logged on or linked to is found by id, email,
//! name or title; an activity whose external id is already logged, and a task whose
//! source id is already imported, are matched, not created twice.

use super::resolve::Resolver;
use super::{Applied, created_at};
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
    for c in &contacts {
        let id = r.contact(tx, c)?;
        if !activity.contacts.contains(&id) {
            activity.contacts.push(id);
        }
    }
    activity.deal = deal.map(|d| r.deal(tx, &d)).transpose()?;
    let mut report = Default::default();
    activity.company = r.company(tx, &mut report, line, company.as_deref(), None, false)?;
    let logged = if per_record {
        ops::log_in(tx, activity)?
    } else {
        ops::log_many(tx, &r.creator, touches, activity)?
    };
    Ok(Applied::Created(Outcome {
        line,
        record: RecordId::new(Kind::Activity, logged.id),
        label: logged.subject,
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
    task.link = if let Some(l) = link {
        Some(
            l.parse::<RecordId>()
                .map_err(|e| Error::invalid("link", e.to_string()))?,
        )
    } else if let Some(d) = deal {
        Some(RecordId::new(Kind::Deal, r.deal(tx, &d)?))
    } else if let Some(c) = contact {
        Some(RecordId::new(Kind::Contact, r.contact(tx, &c)?))
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
        label: added.title,
        note: String::new(),
    }))
}
