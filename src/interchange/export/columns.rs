//! The CSV columns of each record kind. Column names are rolo's field names, so an
//! exported file imports back with `rolo import csv` without `--map`; multi-value
//! cells are joined with ` ::: ` as Google does; instants are RFC 3339 in UTC; amounts
//! are plain decimals in the deal's currency; links to contacts are their emails.

use std::collections::HashMap;

use chrono::SecondsFormat;

use crate::model::*;

/// Names needed to show links: companies by id, contacts' primary emails, pipelines.
pub struct Lookups {
    /// Company names.
    pub companies: HashMap<u64, String>,
    /// Contact emails (or `C-id` when a contact has none).
    pub contacts: HashMap<u64, String>,
    /// Pipelines.
    pub pipelines: HashMap<u64, Pipeline>,
}

const SEP: &str = " ::: ";

fn when(t: Instant) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn opt_when(t: Option<Instant>) -> String {
    t.map(when).unwrap_or_default()
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn labeled(v: &[Labeled]) -> String {
    v.iter()
        .map(|l| l.value.as_str())
        .collect::<Vec<_>>()
        .join(SEP)
}

/// A plain decimal amount: 1250050 EUR minor units → "12500.50".
pub fn decimal(minor: i64, currency: Currency) -> String {
    let digits = currency.minor_digits();
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0w$}",
        abs / scale as u64,
        abs % scale as u64,
        w = digits as usize
    )
}

impl Lookups {
    fn company(&self, id: Option<u64>) -> String {
        id.and_then(|i| self.companies.get(&i).cloned())
            .unwrap_or_default()
    }

    fn contacts(&self, ids: &[u64]) -> String {
        ids.iter()
            .map(|i| {
                self.contacts
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("C-{i}"))
            })
            .collect::<Vec<_>>()
            .join(SEP)
    }
}

/// Contact columns.
pub const CONTACT: &[&str] = &[
    "id",
    "name",
    "given_name",
    "family_name",
    "title",
    "company",
    "email",
    "phone",
    "location",
    "tags",
    "owner",
    "lifecycle",
    "source",
    "consent",
    "notes",
    "created",
    "updated",
    "last_activity",
];

/// A contact row; custom fields follow as `custom.KEY` columns (see `custom_keys`).
pub fn contact(c: &Contact, l: &Lookups, custom_keys: &[String]) -> Vec<String> {
    let mut row = vec![
        format!("C-{}", c.id),
        c.name.clone(),
        opt(&c.given_name),
        opt(&c.family_name),
        opt(&c.title),
        l.company(c.company),
        labeled(&c.emails),
        labeled(&c.phones),
        opt(&c.location),
        c.tags.join(SEP),
        c.owner.clone(),
        c.lifecycle.as_str().into(),
        opt(&c.source),
        c.consent.state.as_str().into(),
        c.notes.clone(),
        when(c.created),
        when(c.updated),
        opt_when(c.last_activity),
    ];
    row.extend(
        custom_keys
            .iter()
            .map(|k| c.custom.get(k).cloned().unwrap_or_default()),
    );
    row
}

/// Company columns.
pub const COMPANY: &[&str] = &[
    "id",
    "name",
    "domain",
    "industry",
    "size",
    "location",
    "tags",
    "owner",
    "notes",
    "created",
    "updated",
    "last_activity",
];

/// A company row.
pub fn company(c: &Company) -> Vec<String> {
    vec![
        format!("O-{}", c.id),
        c.name.clone(),
        opt(&c.domain),
        opt(&c.industry),
        opt(&c.size),
        opt(&c.location),
        c.tags.join(SEP),
        c.owner.clone(),
        c.notes.clone(),
        when(c.created),
        when(c.updated),
        opt_when(c.last_activity),
    ]
}

/// Deal columns.
pub const DEAL: &[&str] = &[
    "id",
    "title",
    "pipeline",
    "stage",
    "status",
    "value",
    "currency",
    "close_date",
    "probability",
    "owner",
    "company",
    "contact",
    "lost_reason",
    "source",
    "tags",
    "notes",
    "created",
    "updated",
    "closed_at",
];

/// A deal row.
pub fn deal(d: &Deal, l: &Lookups) -> Vec<String> {
    let p = l.pipelines.get(&d.pipeline);
    vec![
        format!("D-{}", d.id),
        d.title.clone(),
        p.map(|p| p.name.clone()).unwrap_or_default(),
        p.and_then(|p| p.stage(d.stage))
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        d.status.as_str().into(),
        decimal(d.value, d.currency),
        d.currency.code().into(),
        d.close_date.map(|x| x.to_string()).unwrap_or_default(),
        d.probability.map(|x| x.to_string()).unwrap_or_default(),
        d.owner.clone(),
        l.company(d.company),
        l.contacts(&d.contacts),
        opt(&d.lost_reason),
        opt(&d.source),
        d.tags.join(SEP),
        d.notes.clone(),
        when(d.created),
        when(d.updated),
        opt_when(d.closed_at),
    ]
}

/// Activity columns.
pub const ACTIVITY: &[&str] = &[
    "id",
    "kind",
    "subject",
    "body",
    "at",
    "duration",
    "direction",
    "contact",
    "company",
    "deal",
    "author",
    "external_id",
    "created",
];

/// An activity row.
pub fn activity(a: &Activity, l: &Lookups) -> Vec<String> {
    vec![
        format!("A-{}", a.id),
        a.kind.as_str().into(),
        a.subject.clone(),
        a.body.clone(),
        when(a.at),
        a.duration_min.map(|x| x.to_string()).unwrap_or_default(),
        a.direction
            .map(|d| d.as_str().to_string())
            .unwrap_or_default(),
        l.contacts(&a.contacts),
        l.company(a.company),
        a.deal.map(|d| format!("D-{d}")).unwrap_or_default(),
        a.author.clone(),
        opt(&a.external_id),
        when(a.created),
    ]
}

/// Task columns.
pub const TASK: &[&str] = &[
    "id", "title", "due", "assignee", "link", "priority", "done", "done_at", "notes", "created",
    "updated",
];

/// A task row.
pub fn task(t: &Task) -> Vec<String> {
    let due = t.due.map(|d| match d.time {
        Some(time) => format!("{} {}", d.date, time.format("%H:%M")),
        None => d.date.to_string(),
    });
    vec![
        format!("T-{}", t.id),
        t.title.clone(),
        due.unwrap_or_default(),
        t.assignee.clone(),
        t.link.map(|l| l.to_string()).unwrap_or_default(),
        t.priority.as_str().into(),
        if t.is_open() { "no" } else { "yes" }.into(),
        opt_when(t.done_at),
        t.notes.clone(),
        when(t.created),
        when(t.updated),
    ]
}

/// Ticket columns.
pub const TICKET: &[&str] = &[
    "id",
    "subject",
    "requester",
    "company",
    "deal",
    "status",
    "priority",
    "assignee",
    "channel",
    "tags",
    "solved_at",
    "created",
    "updated",
];

/// A ticket row.
pub fn ticket(t: &Ticket) -> Vec<String> {
    let rid = |k: Kind, id: Option<u64>| id.map(|i| RecordId::new(k, i).to_string());
    vec![
        format!("S-{}", t.id),
        t.subject.clone(),
        rid(Kind::Contact, t.requester).unwrap_or_default(),
        rid(Kind::Company, t.company).unwrap_or_default(),
        rid(Kind::Deal, t.deal).unwrap_or_default(),
        t.status.as_str().into(),
        t.priority.as_str().into(),
        t.assignee.clone(),
        t.channel.as_str().into(),
        t.tags.join(";"),
        opt_when(t.solved_at),
        when(t.created),
        when(t.updated),
    ]
}

/// Pipeline columns: one row per stage.
pub const PIPELINE: &[&str] = &[
    "id",
    "name",
    "stage_id",
    "stage",
    "probability",
    "rot_days",
    "outcome",
];

/// A pipeline's rows, one per stage.
pub fn pipeline(p: &Pipeline) -> Vec<Vec<String>> {
    p.stages
        .iter()
        .map(|s| {
            vec![
                format!("P-{}", p.id),
                p.name.clone(),
                s.id.to_string(),
                s.name.clone(),
                s.probability.to_string(),
                s.rot_days.map(|d| d.to_string()).unwrap_or_default(),
                match s.outcome {
                    StageOutcome::Open => "open",
                    StageOutcome::Won => "won",
                    StageOutcome::Lost => "lost",
                }
                .into(),
            ]
        })
        .collect()
}
