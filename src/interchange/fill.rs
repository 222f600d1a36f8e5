//! Filling an existing contact from an imported one (a CSV row, a vCard): only empty
//! fields are set and lists grow, so nothing rolo already holds is overwritten.

use crate::error::Result;
use crate::model::{ConsentState, Contact};
use crate::store::{Queries, Tx};

/// Copies an imported contact's values into the empty fields of `old` (adding emails
/// that are free, phones by digits, tags, custom fields); returns what it filled.
pub fn fill_empty(tx: &Tx, old: &mut Contact, row: Contact) -> Result<Vec<&'static str>> {
    let mut filled = Vec::new();
    let filled = &mut filled;
    let mut set = |slot: &mut Option<String>, v: Option<String>, name: &'static str| {
        if slot.is_none() && v.is_some() {
            *slot = v;
            filled.push(name);
        }
    };
    set(&mut old.given_name, row.given_name, "given name");
    set(&mut old.family_name, row.family_name, "family name");
    set(&mut old.title, row.title, "title");
    set(&mut old.location, row.location, "location");
    set(&mut old.source, row.source, "source");
    if old.company.is_none() && row.company.is_some() {
        old.company = row.company;
        filled.push("company");
    }
    for e in row.emails {
        let known = old
            .emails
            .iter()
            .any(|x| x.value.eq_ignore_ascii_case(&e.value));
        // An address that belongs to another contact stays there.
        if !known && tx.contact_by_email(&e.value)?.is_none() {
            old.emails.push(e);
            filled.push("email");
        }
    }
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    for p in row.phones {
        if !old
            .phones
            .iter()
            .any(|x| digits(&x.value) == digits(&p.value))
        {
            old.phones.push(p);
            filled.push("phone");
        }
    }
    for t in row.tags {
        let t = t.to_lowercase();
        if !old.tags.contains(&t) {
            old.tags.push(t);
            filled.push("tags");
        }
    }
    for (k, v) in row.custom {
        if let std::collections::btree_map::Entry::Vacant(slot) = old.custom.entry(k) {
            slot.insert(v);
            filled.push("custom");
        }
    }
    if old.notes.is_empty() && !row.notes.is_empty() {
        old.notes = row.notes;
        filled.push("notes");
    }
    if old.consent.state == ConsentState::Unknown && row.consent.state != ConsentState::Unknown {
        old.consent = row.consent;
        filled.push("consent");
    }
    filled.dedup();
    Ok(std::mem::take(filled))
}
