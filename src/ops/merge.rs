//! Merging duplicates: `merge(keep, gone)` moves everything that points at `gone` to
//! `keep` (a contact's activities, deals and tasks; a company's contacts, deals,
//! activities and tasks), fills `keep`'s empty fields from `gone`, keeps every email,
//! phone and tag of both, and deletes `gone`: one operation, one change-log entry,
//! reverted whole by `rolo undo`.

use super::record::update_in;
use crate::error::{Error, Result};
use crate::model::words::plural;
use crate::model::{Activity, Company, Contact, Deal, Kind, Record, RecordId, Task};
use crate::store::{Committed, Queries, Store, Tx};

/// What a merge moved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Merged {
    /// The record kept.
    pub kept: RecordId,
    /// The record merged into it and deleted.
    pub removed: RecordId,
    /// Contacts moved to the kept company.
    pub contacts: usize,
    /// Deals moved.
    pub deals: usize,
    /// Activities moved.
    pub activities: usize,
    /// Tasks moved.
    pub tasks: usize,
}

/// Merges `gone` into `keep` (two contacts or two companies).
pub fn merge(store: &Store, keep: RecordId, gone: RecordId) -> Result<Committed<Merged>> {
    if keep.kind != gone.kind || !matches!(keep.kind, Kind::Contact | Kind::Company) {
        return Err(Error::invalid(
            "merge",
            format!("{keep} and {gone}: merge two contacts (C-1 C-2) or two companies (O-1 O-2)"),
        ));
    }
    if keep == gone {
        return Err(Error::invalid(
            "merge",
            format!("{keep} cannot be merged into itself"),
        ));
    }
    store.write(&format!("{}.merge", keep.kind.noun()), |tx| {
        let gone_rec = tx.get_record(gone)?.ok_or(Error::NotFound(gone))?;
        let keep_label = tx
            .get_record(keep)?
            .ok_or(Error::NotFound(keep))?
            .label()
            .to_string();
        let gone_label = gone_rec.label().to_string();
        let mut m = Merged {
            kept: keep,
            removed: gone,
            contacts: 0,
            deals: 0,
            activities: 0,
            tasks: 0,
        };
        move_links(tx, keep, gone, &mut m)?;
        tx.delete(gone)?;
        match gone_rec {
            Record::Contact(g) => {
                update_in(tx, keep.id, |k: &mut Contact| {
                    fill_contact(k, g.clone());
                    Ok(())
                })?;
            }
            Record::Company(g) => {
                update_in(tx, keep.id, |k: &mut Company| {
                    fill_company(k, g.clone());
                    Ok(())
                })?;
            }
            _ => {}
        }
        tx.describe(format!(
            "merged {gone} {} into {keep} {keep_label} ({}, {}, {}, {} moved)",
            gone_label,
            plural(m.contacts, "contact"),
            plural(m.deals, "deal"),
            plural(m.activities, "activity"),
            plural(m.tasks, "task")
        ));
        Ok(m)
    })
}

fn swap(ids: &mut Vec<u64>, from: u64, to: u64) {
    for id in ids.iter_mut() {
        if *id == from {
            *id = to;
        }
    }
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
}

/// Points every record linking `gone` at `keep`.
fn move_links(tx: &mut Tx, keep: RecordId, gone: RecordId, m: &mut Merged) -> Result<()> {
    let now = tx.now();
    let company = keep.kind == Kind::Company;
    if company {
        for id in tx.linked(gone, Kind::Contact)? {
            if let Some(mut c) = tx.get::<Contact>(id)? {
                c.company = Some(keep.id);
                c.updated = now;
                tx.put(c.into())?;
                m.contacts += 1;
            }
        }
    }
    for id in tx.linked(gone, Kind::Deal)? {
        if let Some(mut d) = tx.get::<Deal>(id)? {
            if company {
                d.company = Some(keep.id);
            } else {
                swap(&mut d.contacts, gone.id, keep.id);
            }
            d.updated = now;
            tx.put(d.into())?;
            m.deals += 1;
        }
    }
    for id in tx.timeline_ids(gone, usize::MAX)? {
        if let Some(mut a) = tx.get::<Activity>(id)? {
            if company {
                a.company = Some(keep.id);
            } else {
                swap(&mut a.contacts, gone.id, keep.id);
            }
            tx.put(a.into())?;
            m.activities += 1;
        }
    }
    for id in tx.linked(gone, Kind::Task)? {
        if let Some(mut t) = tx.get::<Task>(id)? {
            t.link = Some(keep);
            t.updated = now;
            tx.put(t.into())?;
            m.tasks += 1;
        }
    }
    Ok(())
}

fn fill(slot: &mut Option<String>, v: Option<String>) {
    if slot.as_deref().is_none_or(|s| s.trim().is_empty()) && v.is_some() {
        *slot = v;
    }
}

fn notes(keep: &mut String, gone: String) {
    if keep.trim().is_empty() {
        *keep = gone;
    } else if !gone.trim().is_empty() && !keep.contains(gone.trim()) {
        keep.push_str("\n\n");
        keep.push_str(&gone);
    }
}

fn tags(keep: &mut Vec<String>, gone: Vec<String>) {
    for t in gone {
        if !keep.contains(&t) {
            keep.push(t);
        }
    }
}

fn fill_contact(k: &mut Contact, g: Contact) {
    fill(&mut k.given_name, g.given_name);
    fill(&mut k.family_name, g.family_name);
    fill(&mut k.title, g.title);
    fill(&mut k.location, g.location);
    fill(&mut k.source, g.source);
    if k.company.is_none() {
        k.company = g.company;
    }
    if k.cadence_days.is_none() {
        k.cadence_days = g.cadence_days;
    }
    for e in g.emails {
        if !k
            .emails
            .iter()
            .any(|x| x.value.eq_ignore_ascii_case(&e.value))
        {
            k.emails.push(e);
        }
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    for p in g.phones {
        if !k
            .phones
            .iter()
            .any(|x| digits(&x.value) == digits(&p.value))
        {
            k.phones.push(p);
        }
    }
    tags(&mut k.tags, g.tags);
    for (key, v) in g.custom {
        k.custom.entry(key).or_insert(v);
    }
    source_ids(&mut k.source_ids, g.source_ids);
    notes(&mut k.notes, g.notes);
    if k.consent.state == crate::model::ConsentState::Unknown {
        k.consent = g.consent;
    }
    k.last_activity = k.last_activity.max(g.last_activity);
}

fn fill_company(k: &mut Company, g: Company) {
    fill(&mut k.domain, g.domain);
    fill(&mut k.industry, g.industry);
    fill(&mut k.size, g.size);
    fill(&mut k.location, g.location);
    tags(&mut k.tags, g.tags);
    source_ids(&mut k.source_ids, g.source_ids);
    notes(&mut k.notes, g.notes);
    k.last_activity = k.last_activity.max(g.last_activity);
}

/// The kept record takes the ids the merged one had in products it lacks ids of, so a
/// re-import of that product's export matches the kept record.
fn source_ids(
    keep: &mut std::collections::BTreeMap<String, String>,
    gone: std::collections::BTreeMap<String, String>,
) {
    for (product, id) in gone {
        keep.entry(product).or_insert(id);
    }
}
