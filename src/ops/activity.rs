//! Logging activities, and keeping "last activity" on the contacts, company and deal
//! they concern.

use std::collections::HashMap;

use super::Creator;
use super::record::add_in;
use crate::error::Result;
use crate::model::{Activity, Contact, Deal, Instant, Kind, RecordId};
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
    complete(tx, &mut activity)?;
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

/// Fills what the activity leaves out: its time (now) and its company (the deal's, else
/// the first contact's), so it shows on the company's timeline too.
fn complete(tx: &Tx, activity: &mut Activity) -> Result<()> {
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
    Ok(())
}

/// [`log_in`] for one of many activities of one operation (an import): the activity is
/// created through `creator` (staged unless a rule acts on it), and the "last activity"
/// it moves is collected in `touches`, which [`Touches::write`] applies once per record
/// at the end — the same records as logging them one by one, with one write per touched
/// contact, company and deal instead of one per activity.
pub fn log_many<'t>(
    tx: &'t mut Tx,
    creator: &Creator,
    touches: &mut Touches,
    mut activity: Activity,
) -> Result<std::borrow::Cow<'t, Activity>> {
    complete(tx, &mut activity)?;
    let a = creator.add(tx, activity, |_| false)?;
    touches.note(&a);
    Ok(a)
}

/// The latest activity time per contact, company and deal, waiting to be written.
#[derive(Debug, Default)]
pub struct Touches {
    contacts: HashMap<u64, Instant>,
    companies: HashMap<u64, Instant>,
    deals: HashMap<u64, Instant>,
}

impl Touches {
    fn note(&mut self, a: &Activity) {
        let later = |map: &mut HashMap<u64, Instant>, id: u64| {
            let t = map.entry(id).or_insert(a.at);
            if *t < a.at {
                *t = a.at;
            }
        };
        for c in &a.contacts {
            later(&mut self.contacts, *c);
        }
        if let Some(co) = a.company {
            later(&mut self.companies, co);
        }
        if let Some(d) = a.deal {
            later(&mut self.deals, d);
        }
    }

    /// Moves "last activity" forward on every record noted, in one pass
    /// ([`Tx::move_last_activity`]).
    pub fn write(self, tx: &mut Tx) -> Result<()> {
        let rid = |kind| move |(id, at)| (RecordId::new(kind, id), at);
        let moves = (self.contacts.into_iter().map(rid(Kind::Contact)))
            .chain(self.companies.into_iter().map(rid(Kind::Company)))
            .chain(self.deals.into_iter().map(rid(Kind::Deal)))
            .collect();
        tx.move_last_activity(moves)
    }
}

/// Moves "last activity" forward on everything the activity concerns.
fn touch(tx: &mut Tx, a: &Activity) -> Result<()> {
    let mut touches = Touches::default();
    touches.note(a);
    touches.write(tx)
}
