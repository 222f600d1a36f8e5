//! Contacts and companies: a contact whose email is already in rolo is matched and only
//! its empty fields are filled in (nothing rolo holds is overwritten); a company whose
//! name (case-insensitive) or domain is known is matched the same way.

use super::resolve::Resolver;
use super::{Applied, created_at};
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

/// Creates or matches a contact; names a company to match or create.
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
) -> Result<Applied> {
    c.company = r.company(
        tx,
        report,
        line,
        company.as_deref(),
        domain.as_deref(),
        true,
    )?;
    let mut existing = None;
    for e in &c.emails {
        if let Some(id) = tx.contact_by_email(&e.value)? {
            existing = Some(id);
            break;
        }
    }
    if let Some(id) = existing {
        let old: Contact = tx.require(id)?;
        let mut filled = Vec::new();
        let mut new = old.clone();
        filled.extend(crate::interchange::fill::fill_empty(tx, &mut new, c)?);
        if filled.is_empty() {
            return Ok(Applied::Matched(outcome(
                Kind::Contact,
                id,
                line,
                &old.name,
                "same email, nothing new".into(),
            )));
        }
        ops::update_in(tx, id, |x: &mut Contact| {
            *x = new;
            Ok(())
        })?;
        let note = format!("same email; filled {}", filled.join(", "));
        return Ok(Applied::Matched(outcome(
            Kind::Contact,
            id,
            line,
            &old.name,
            note,
        )));
    }
    let added = r.creator.add(tx, c, created_at(created))?;
    Ok(Applied::Created(outcome(
        Kind::Contact,
        added.id,
        line,
        &added.name,
        String::new(),
    )))
}

/// Creates or matches a company (same name case-insensitively, or same domain).
pub fn company(
    tx: &mut Tx,
    r: &mut Resolver,
    line: u64,
    c: Company,
    created: Option<Instant>,
) -> Result<Applied> {
    if let Some(id) = r.find_company(Some(&c.name), c.domain.as_deref()) {
        let old: Company = tx.require(id)?;
        let mut new = old.clone();
        let mut filled = Vec::new();
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
            "same name or domain, nothing new".to_string()
        } else {
            let n = format!("same name or domain; filled {}", filled.join(", "));
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
    Ok(Applied::Created(outcome(
        Kind::Company,
        added.id,
        line,
        &added.name,
        String::new(),
    )))
}
