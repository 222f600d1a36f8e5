//! Which fields each form has and what they start with (empty for a new record, the
//! record's values when editing).

use super::{Field, FieldKind, Form, FormTarget};
use crate::model::text::sanitize;
use crate::model::{ActivityKind, Kind, Lifecycle, Priority, RecordId};
use crate::tui::data::Data;

const LIFECYCLES: &[&str] = &["lead", "prospect", "customer", "former"];
const PRIORITIES: &[&str] = &["low", "normal", "high"];
const KINDS: &[&str] = &["call", "email", "meeting", "note"];

/// A company's name, or "O-7 Name" when other companies share the name, so saving the
/// form unchanged keeps the same company.
fn company_text(data: &Data, id: Option<u64>) -> String {
    let Some(c) = id.and_then(|i| data.company(i)) else {
        return String::new();
    };
    let name = sanitize(&c.name).into_owned();
    let shared = data
        .source
        .as_ref()
        .and_then(|s| s.read().ok())
        .and_then(|r| crate::ops::companies_named(&r, &c.name).ok())
        .is_some_and(|found| found.len() > 1);
    if shared {
        format!("O-{} {name}", c.id)
    } else {
        name
    }
}

fn link_text(data: &Data, rid: Option<RecordId>) -> String {
    rid.map(|r| sanitize(&data.label_or_read(r)).into_owned())
        .unwrap_or_default()
}

/// A contact form (new, or editing `id`).
pub fn contact(id: Option<u64>, data: &Data) -> Form {
    let c = id.and_then(|i| data.contact(i)).unwrap_or_default();
    let fields = vec![
        Field::new("name", "Name", FieldKind::Text, c.name.clone()),
        Field::new("email", "Email", FieldKind::Text, c.email().unwrap_or("")),
        Field::new("phone", "Phone", FieldKind::Text, c.phone().unwrap_or("")),
        Field::new(
            "company",
            "Company",
            FieldKind::Company,
            company_text(data, c.company),
        ),
        Field::new(
            "title",
            "Job title",
            FieldKind::Text,
            c.title.clone().unwrap_or_default(),
        ),
        Field::new(
            "lifecycle",
            "Lifecycle",
            FieldKind::Choice(LIFECYCLES),
            if id.is_some() {
                c.lifecycle
            } else {
                Lifecycle::Lead
            }
            .as_str(),
        ),
        Field::new("tags", "Tags", FieldKind::Text, c.tags.join(", ")),
    ];
    form(
        FormTarget::Contact(id),
        if id.is_some() {
            format!("Edit C-{}", c.id)
        } else {
            "New contact".into()
        },
        fields,
    )
}

/// A company form.
pub fn company(id: Option<u64>, data: &Data) -> Form {
    let c = id.and_then(|i| data.company(i)).unwrap_or_default();
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let fields = vec![
        Field::new("name", "Name", FieldKind::Text, c.name.clone()),
        Field::new("domain", "Domain", FieldKind::Text, opt(&c.domain)),
        Field::new("industry", "Industry", FieldKind::Text, opt(&c.industry)),
        Field::new("location", "Location", FieldKind::Text, opt(&c.location)),
        Field::new("tags", "Tags", FieldKind::Text, c.tags.join(", ")),
    ];
    form(
        FormTarget::Company(id),
        if id.is_some() {
            format!("Edit O-{}", c.id)
        } else {
            "New company".into()
        },
        fields,
    )
}

/// A deal form: a new deal in `pipeline`/`stage`, or editing `id`.
pub fn deal(id: Option<u64>, pipeline: u64, stage: u32, company: Option<u64>, data: &Data) -> Form {
    let d = id.and_then(|i| data.deal(i)).unwrap_or_default();
    let value = if id.is_some() {
        crate::model::money::format_money(d.value, d.currency)
    } else {
        String::new()
    };
    let contact = d
        .contacts
        .first()
        .and_then(|c| data.contact(*c))
        .map(|c| sanitize(&c.name).into_owned())
        .unwrap_or_default();
    let fields = vec![
        Field::new("title", "Title", FieldKind::Text, d.title.clone()),
        Field::new("value", "Value", FieldKind::Money, value),
        Field::new(
            "company",
            "Company",
            FieldKind::Company,
            company_text(data, d.company.or(company)),
        ),
        Field::new("contact", "Contact", FieldKind::Contact, contact),
        Field::new(
            "close_date",
            "Close date",
            FieldKind::Date,
            d.close_date.map(|c| c.to_string()).unwrap_or_default(),
        ),
        Field::new("owner", "Owner", FieldKind::Text, d.owner.clone()),
    ];
    let title = match id {
        Some(i) => format!("Edit D-{i}"),
        None => {
            let stage = data
                .pipelines
                .iter()
                .find(|p| p.id == pipeline)
                .and_then(|p| p.stage(stage))
                .map(|s| s.name.clone())
                .unwrap_or_default();
            format!("New deal in {stage}")
        }
    };
    form(
        FormTarget::Deal {
            id,
            pipeline,
            stage,
        },
        title,
        fields,
    )
}

/// A task form; `link` prefills what it is about.
pub fn task(
    id: Option<u64>,
    link: Option<RecordId>,
    next_step_for: Option<u64>,
    data: &Data,
) -> Form {
    let t = id.and_then(|i| data.task(i)).unwrap_or_default();
    let due = t.due.map(|d| match d.time {
        Some(tm) => format!("{} {}", d.date, tm.format("%H:%M")),
        None => d.date.to_string(),
    });
    let fields = vec![
        Field::new("title", "Title", FieldKind::Text, t.title.clone()),
        Field::new(
            "due",
            "Due",
            FieldKind::Due,
            due.unwrap_or_else(|| {
                if id.is_none() {
                    "tomorrow".into()
                } else {
                    String::new()
                }
            }),
        ),
        Field::new(
            "link",
            "About",
            FieldKind::Link,
            link_text(data, t.link.or(link)),
        ),
        Field::new(
            "priority",
            "Priority",
            FieldKind::Choice(PRIORITIES),
            if id.is_some() {
                t.priority
            } else {
                Priority::Normal
            }
            .as_str(),
        ),
        Field::new("assignee", "Assignee", FieldKind::Text, t.assignee.clone()),
    ];
    let title = match (id, next_step_for) {
        (Some(i), _) => format!("Edit T-{i}"),
        (None, Some(d)) => format!("Next step for D-{d}"),
        (None, None) => "New task".into(),
    };
    form(FormTarget::Task { id, next_step_for }, title, fields)
}

/// An activity form about `about` (a contact, company or deal).
pub fn activity(about: Option<RecordId>, data: &Data) -> Form {
    let contact = about
        .filter(|r| r.kind == Kind::Contact)
        .and_then(|r| data.contact(r.id))
        .map(|c| sanitize(&c.name).into_owned());
    let deal = about.filter(|r| r.kind != Kind::Contact);
    let fields = vec![
        Field::new(
            "kind",
            "Kind",
            FieldKind::Choice(KINDS),
            ActivityKind::Call.as_str(),
        ),
        Field::new("subject", "Subject", FieldKind::Text, ""),
        Field::new("at", "When", FieldKind::Due, "today"),
        Field::new(
            "contact",
            "Contact",
            FieldKind::Contact,
            contact.unwrap_or_default(),
        ),
        Field::new(
            "link",
            "Deal/company",
            FieldKind::Link,
            link_text(data, deal),
        ),
        Field::new("body", "Notes", FieldKind::Text, ""),
    ];
    form(FormTarget::Activity, "Log activity".into(), fields)
}

fn form(target: FormTarget, title: String, fields: Vec<Field>) -> Form {
    Form {
        id: 0,
        target,
        title,
        fields,
        focus: 0,
        error: None,
    }
}
