//! Contacts and companies: a contact whose email is already in rolo is matched and only
//! its empty fields are filled in (nothing rolo holds is overwritten); a company whose
//! name (case-insensitive) or domain is known is matched the same way.

use super::resolve::Resolver;
use super::{Applied, Source, add_source_ids, created_at};
use crate::error::Result;
use crate::interchange::csv_import::report::{ImportReport, Outcome};
use crate::model::{Company, Contact, Instant, Kind, RecordId};
use crate::ops;
use crate::store::{Queries, Tx};

fn outcome(kind: Kind, id: u64, line: u64, label: &str, note: String) -> Outcome {
    Outcome {
        line,
        record: RecordId::new(kind, id),
        label: label.to_string(),
        note,
    }
}

/// Creates or matches a contact (by source id, then email); names a company to match
/// or create, or links one by its source id.
#[allow(clippy::too_many_arguments)]
pub fn contact(
    tx: &mut Tx,
    r: &mut Resolver,
    report: &mut ImportReport,
    line: u64,
    mut c: Contact,
    company: Option<String>,
    domain: Option<String>,
    created: Option<Instant>,
    src: Source<'_>,
) -> Result<Applied> {
    let by_id = match (src.product, &src.ids.company) {
        (Some(p), Some((_, id))) => match r.by_source(tx, Kind::Company, p, id)? {
            Some(found) => Some(found),
            None if company.is_some() || domain.is_some() => None,
            None => Some(r.linked(tx, Kind::Company, p, id, "company_id")?),
        },
        _ => None,
    };
    c.company = match by_id {
        Some(id) => Some(id),
        None => r.company(
            tx,
            report,
            line,
            company.as_deref(),
            domain.as_deref(),
            true,
        )?,
    };
    let own = src.own();
    if let Some((p, id)) = &own {
        c.source_ids.insert(p.key().to_string(), id.clone());
    }
    let mut existing = None;
    let mut why = "same email";
    if let Some((p, id)) = &own
        && let Some(found) = r.by_source(tx, Kind::Contact, *p, id)?
    {
        existing = Some(found);
        why = p.same_id();
    }
    for e in &c.emails {
        if existing.is_some() {
            break;
        }
        if let Some(id) = tx.contact_by_email(&e.value)? {
            existing = Some(id);
            break;
        }
    }
    if let Some(id) = existing {
        let old: Contact = tx.require(id)?;
        let mut filled = Vec::new();
        let mut new = old.clone();
        let ids = c.source_ids.clone();
        filled.extend(crate::interchange::fill::fill_empty(tx, &mut new, c)?);
        if add_source_ids(&mut new.source_ids, &ids)
            && let Some(p) = src.product
        {
            filled.push(p.id_name());
        }
        r.remember_source(Kind::Contact, &new.source_ids, id);
        if filled.is_empty() {
            return Ok(Applied::Matched(outcome(
                Kind::Contact,
                id,
                line,
                &old.name,
                format!("{why}, nothing new"),
            )));
        }
        ops::update_in(tx, id, |x: &mut Contact| {
            *x = new;
            Ok(())
        })?;
        let note = format!("{why}; filled {}", filled.join(", "));
        return Ok(Applied::Matched(outcome(
            Kind::Contact,
            id,
            line,
            &old.name,
            note,
        )));
    }
    let added = r.creator.add(tx, c, created_at(created))?;
    r.remember_source(Kind::Contact, &added.source_ids, added.id);
    Ok(Applied::Created(outcome(
        Kind::Contact,
        added.id,
        line,
        &added.name,
        String::new(),
    )))
}

/// Creates or matches a company (same source id, same name case-insensitively, or same
/// domain).
pub fn company(
    tx: &mut Tx,
    r: &mut Resolver,
    line: u64,
    mut c: Company,
    created: Option<Instant>,
    src: Source<'_>,
) -> Result<Applied> {
    let own = src.own();
    let mut why = "same name or domain";
    let mut existing = None;
    if let Some((p, id)) = &own {
        c.source_ids.insert(p.key().to_string(), id.clone());
        existing = r.by_source(tx, Kind::Company, *p, id)?;
        if existing.is_some() {
            why = p.same_id();
        }
    }
    if let Some(id) = existing.or_else(|| r.find_company(Some(&c.name), c.domain.as_deref())) {
        let old: Company = tx.require(id)?;
        let mut new = old.clone();
        let mut filled = Vec::new();
        if add_source_ids(&mut new.source_ids, &c.source_ids)
            && let Some(p) = src.product
        {
            filled.push(p.id_name());
        }
        r.remember_source(Kind::Company, &new.source_ids, id);
        let mut set = |slot: &mut Option<String>, v: Option<String>, name: &'static str| {
            if slot.is_none() && v.is_some() {
                *slot = v;
                filled.push(name);
            }
        };
        set(&mut new.domain, c.domain, "domain");
        set(&mut new.industry, c.industry, "industry");
        set(&mut new.size, c.size, "size");
        set(&mut new.location, c.location, "location");
        if new.notes.is_empty() && !c.notes.is_empty() {
            new.notes = c.notes;
            filled.push("notes");
        }
        let note = if filled.is_empty() {
            format!("{why}, nothing new")
        } else {
            let n = format!("{why}; filled {}", filled.join(", "));
            let saved = ops::update_in(tx, id, |x: &mut Company| {
                *x = new;
                Ok(())
            })?;
            r.remember_company(&saved);
            n
        };
        return Ok(Applied::Matched(outcome(
            Kind::Company,
            id,
            line,
            &old.name,
            note,
        )));
    }
    let added = r.creator.add(tx, c, created_at(created))?;
    r.remember_company(&added);
    r.remember_source(Kind::Company, &added.source_ids, added.id);
    Ok(Applied::Created(outcome(
        Kind::Company,
        added.id,
        line,
        &added.name,
        String::new(),
    )))
}
