//! Writing cards through the ops layer inside the import's one transaction: a card whose
//! email is already in rolo fills that contact's empty fields (and adds its other
//! emails, phones and tags) instead of creating a duplicate; ORG is matched by name or
//! created as a company.

use super::convert::CardContact;
use crate::error::Result;
use crate::interchange::csv_import::apply::Resolver;
use crate::interchange::csv_import::report::{ImportReport, Outcome};
use crate::model::{Contact, Kind, RecordId};
use crate::ops;
use crate::store::{Queries, Tx};

/// Creates or completes the contact a card describes; records it in `report`.
pub fn apply(
    tx: &mut Tx,
    companies: &mut Resolver,
    report: &mut ImportReport,
    line: u64,
    card: CardContact,
) -> Result<()> {
    let mut c = card.contact;
    c.company = companies.company(tx, report, line, card.company.as_deref(), None, true)?;
    let mut existing = None;
    for e in &c.emails {
        if let Some(id) = tx.contact_by_email(&e.value)? {
            existing = Some(id);
            break;
        }
    }
    let Some(id) = existing else {
        let added = ops::add_in(tx, c)?;
        report
            .created
            .push(outcome(added.id, line, &added.name, String::new()));
        return Ok(());
    };
    let mut merged: Contact = tx.require(id)?;
    let filled = crate::interchange::fill::fill_empty(tx, &mut merged, c)?;
    let note = if filled.is_empty() {
        "same email, nothing new".to_string()
    } else {
        ops::update_in(tx, id, |x: &mut Contact| {
            *x = merged.clone();
            Ok(())
        })?;
        format!("same email; filled {}", filled.join(", "))
    };
    report.matched.push(outcome(id, line, &merged.name, note));
    Ok(())
}

fn outcome(id: u64, line: u64, label: &str, note: String) -> Outcome {
    Outcome {
        line,
        record: RecordId::new(Kind::Contact, id),
        label: label.to_string(),
        note,
    }
}
