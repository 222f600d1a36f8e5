//! Logging activities, and keeping "last activity" on the contacts, company and deal
//! they concern.

use super::record::add_in;
use crate::error::Result;
use crate::model::{Activity, Company, Contact, Deal, Instant};
use crate::store::{Committed, Queries, Store, Tx};

/// Logs an activity. When no company is given it is taken from the deal or the first
/// contact, so the activity shows on the company's timeline too.
pub fn log_activity(store: &Store, activity: Activity) -> Result<Committed<Activity>> {
    store.write(&format!("log.{}", activity.kind.as_str()), |tx| {
        log_in(tx, activity)
    })
}

/// [`log_activity`] inside an open transaction (imports, automation).
pub fn log_in(tx: &mut Tx, mut activity: Activity) -> Result<Activity> {
    if activity.at == Instant::default() {
        activity.at = tx.now();
    }
    if activity.company.is_none() {
        activity.company = match activity.deal {
            Some(d) => tx.get::<Deal>(d)?.and_then(|d| d.company),
            None => None,
        };
    }
    if activity.company.is_none()
        && let Some(c) = activity.contacts.first()
    {
        activity.company = tx.get::<Contact>(*c)?.and_then(|c| c.company);
    }
    let a = add_in(tx, activity)?;
    touch(tx, &a)?;
    let whom: Vec<String> = a
        .contacts
        .iter()
        .map(|c| format!("C-{c}"))
        .chain(a.deal.map(|d| format!("D-{d}")))
        .collect();
    tx.describe(format!(
        "logged {} A-{} {} on {}",
        a.kind.as_str(),
        a.id,
        a.subject,
        if whom.is_empty() {
            "nothing".into()
        } else {
            whom.join(", ")
        }
    ));
    Ok(a)
}

/// Moves "last activity" forward on everything the activity concerns.
fn touch(tx: &mut Tx, a: &Activity) -> Result<()> {
    let later = |old: Option<Instant>| old.is_none_or(|t| t < a.at);
    for c in &a.contacts {
        if let Some(mut contact) = tx.get::<Contact>(*c)?
            && later(contact.last_activity)
        {
            contact.last_activity = Some(a.at);
            tx.put(contact.into())?;
        }
    }
    if let Some(co) = a.company
        && let Some(mut company) = tx.get::<Company>(co)?
        && later(company.last_activity)
    {
        company.last_activity = Some(a.at);
        tx.put(company.into())?;
    }
    if let Some(d) = a.deal
        && let Some(mut deal) = tx.get::<Deal>(d)?
        && later(deal.last_activity)
    {
        deal.last_activity = Some(a.at);
        tx.put(deal.into())?;
    }
    Ok(())
}
