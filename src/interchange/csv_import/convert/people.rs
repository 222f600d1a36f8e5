//! Contacts and companies from a row: names joined from parts, emails and phones from
//! every column that gives one (with labels), an address joined from its parts.

use super::{Cells, Draft, DraftRow};
use crate::interchange::csv_import::field::{Field, Label};
use crate::interchange::csv_import::values::{self, split_multi, split_tags};
use crate::interchange::error::RowError;
use crate::model::{Company, ConsentState, Contact, Labeled, Lifecycle};
use crate::ops::normalize_email;

/// A contact row.
pub fn contact(mut c: Cells<'_>) -> Result<DraftRow, Vec<RowError>> {
    let given = c.text(&Field::GivenName);
    let middle = c.text(&Field::MiddleName);
    let family = c.text(&Field::FamilyName);
    let mut emails = Vec::new();
    for (i, f, v) in c.each(|f| matches!(f, Field::Email(_))) {
        let label = match f {
            Field::Email(l) => label(&c, &l, true),
            _ => String::new(),
        };
        for e in split_multi(v) {
            match normalize_email(e) {
                Ok(value) => emails.push(Labeled {
                    label: label.clone(),
                    value,
                }),
                Err(_) => c.fail(i, e, "not an email address (expected name@example.com)"),
            }
        }
    }
    let mut phones = Vec::new();
    for (_, f, v) in c.each(|f| matches!(f, Field::Phone(_))) {
        let label = match f {
            Field::Phone(l) => label(&c, &l, false),
            _ => String::new(),
        };
        for p in split_multi(v) {
            phones.push(Labeled {
                label: label.clone(),
                value: p.to_string(),
            });
        }
    }
    let parts: Vec<&str> = [&given, &middle, &family]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let name = c
        .text(&Field::Name)
        .or_else(|| (!parts.is_empty()).then(|| parts.join(" ")))
        .or_else(|| emails.first().map(|e| e.value.clone()));
    if name.is_none() {
        c.fail_row("no name, given name, family name or email: a contact needs a name");
    }
    let lifecycle = c.parsed(&Field::Lifecycle, lifecycle).unwrap_or_default();
    let consent = c.parsed(&Field::Consent, consent).unwrap_or_default();
    let mut custom = std::collections::BTreeMap::new();
    for (_, f, v) in c.each(|f| matches!(f, Field::Custom(_))) {
        if let Field::Custom(k) = f {
            custom.insert(k, v.to_string());
        }
    }
    let contact = Contact {
        name: name.unwrap_or_default(),
        given_name: given,
        family_name: family,
        title: c.text(&Field::Title),
        emails,
        phones,
        location: location(&c),
        tags: tags(&c),
        owner: c.text(&Field::Owner).unwrap_or_default(),
        lifecycle,
        source: c.text(&Field::Source),
        consent: crate::model::Consent {
            state: consent,
            ..Default::default()
        },
        notes: c.text(&Field::Notes).unwrap_or_default(),
        custom,
        ..Contact::default()
    };
    let draft = Draft::Contact {
        contact,
        company: c.text(&Field::Company),
        domain: c.text(&Field::Domain).map(|d| values::domain(&d)),
    };
    let created = c.created();
    c.finish(draft, created)
}

/// A company row.
pub fn company(mut c: Cells<'_>) -> Result<DraftRow, Vec<RowError>> {
    let name = c.text(&Field::Name);
    if name.is_none() {
        c.fail_row("no name: a company needs a name");
    }
    let company = Company {
        name: name.unwrap_or_default(),
        domain: c.text(&Field::Domain).map(|d| values::domain(&d)),
        industry: c.text(&Field::Industry),
        size: c.text(&Field::Size),
        location: location(&c),
        tags: tags(&c),
        owner: c.text(&Field::Owner).unwrap_or_default(),
        notes: c.text(&Field::Notes).unwrap_or_default(),
        ..Company::default()
    };
    let created = c.created();
    c.finish(Draft::Company { company }, created)
}

/// The label of an email or phone column: fixed, or read from its numbered label column.
fn label(c: &Cells<'_>, l: &Label, email: bool) -> String {
    match l {
        Label::None => String::new(),
        Label::Fixed(s) => s.to_string(),
        Label::Slot(n) => {
            let field = if email {
                Field::EmailLabel(*n)
            } else {
                Field::PhoneLabel(*n)
            };
            c.text(&field)
                .map(|s| s.trim_start_matches('*').trim().to_lowercase())
                .unwrap_or_default()
        }
    }
}

/// The location cell, or street, city, region, postal code and country joined.
fn location(c: &Cells<'_>) -> Option<String> {
    if let Some(l) = c.text(&Field::Location) {
        return Some(one_line(&l));
    }
    let mut joined = String::new();
    let mut parts = 0;
    for part in [
        Field::Street,
        Field::City,
        Field::Region,
        Field::PostalCode,
        Field::Country,
    ]
    .iter()
    .filter_map(|f| c.text(f))
    {
        if parts > 0 {
            joined.push_str(", ");
        }
        joined.push_str(&one_line(&part));
        parts += 1;
    }
    (parts > 0).then_some(joined)
}

/// A multi-line address part on one line, its lines joined with ", ".
fn one_line(s: &str) -> String {
    use crate::model::text::tidy;
    if !s.contains('\n') {
        return tidy(s);
    }
    s.lines()
        .map(tidy)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Tags from every tags column.
pub fn tags(c: &Cells<'_>) -> Vec<String> {
    c.each(|f| *f == Field::Tags)
        .into_iter()
        .flat_map(|(_, _, v)| split_tags(v).collect::<Vec<_>>())
        .collect()
}

/// rolo's lifecycle from its own words and HubSpot's stages.
fn lifecycle(s: &str) -> Result<Lifecycle, String> {
    let key: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Ok(match key.as_str() {
        "lead" | "subscriber" | "marketingqualifiedlead" | "mql" | "new" | "other" => {
            Lifecycle::Lead
        }
        "prospect" | "salesqualifiedlead" | "sql" | "opportunity" | "qualified" => {
            Lifecycle::Prospect
        }
        "customer" | "evangelist" | "client" => Lifecycle::Customer,
        "former" | "formercustomer" | "churned" => Lifecycle::Former,
        _ => {
            return Err(
                "expected lead, prospect, customer or former (HubSpot's stages are understood too)"
                    .into(),
            );
        }
    })
}

/// Consent from granted/denied, yes/no, opted in/out.
fn consent(s: &str) -> Result<ConsentState, String> {
    if let Some(c) = ConsentState::parse(s) {
        return Ok(c);
    }
    match s.trim().to_lowercase().as_str() {
        "yes" | "true" | "opted in" | "subscribed" => Ok(ConsentState::Granted),
        "no" | "false" | "opted out" | "unsubscribed" => Ok(ConsentState::Denied),
        _ => Err("expected granted, denied or unknown (yes/no work too)".into()),
    }
}
