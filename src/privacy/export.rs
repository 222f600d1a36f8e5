//! Everything rolo holds about one person (GDPR articles 15 and 20), as one versioned
//! JSON document, or one CSV table per kind: their record, every record that links to
//! or names them ([`super::walk`]), their consent ledger and the change-log entries
//! that touched or named them.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::subject::{Subject, contact_rid};
use super::walk::walk;
use crate::error::Result;
use crate::model::{ConsentEvent, Contact, Kind};
use crate::store::{Entry, Queries, privacy};

/// The export format's name, in every document.
pub const FORMAT: &str = "rolo-person-export";
/// The export format's version; a change that removes or renames a field bumps it.
pub const VERSION: u32 = 1;

/// One person's data.
#[derive(Debug, Clone, Serialize)]
pub struct PersonExport {
    /// Always [`FORMAT`].
    pub format: &'static str,
    /// [`VERSION`].
    pub version: u32,
    /// When it was made (RFC 3339, UTC).
    pub exported_at: String,
    /// Who made it.
    pub exported_by: String,
    /// The person (`C-12`).
    pub subject: String,
    /// Their record.
    pub contact: Contact,
    /// Every other record that links to or names them, by table (`activities`,
    /// `deals`, `tasks`, `companies`, ...): every record table appears, empty or not.
    pub records: BTreeMap<&'static str, Vec<Value>>,
    /// Their consent ledger, oldest first.
    pub consent: Vec<ConsentEvent>,
    /// Change-log entries that touched or named them, oldest first.
    pub history: Vec<Entry>,
}

/// Gathers everything about contact `id`.
pub fn export<Q: Queries>(
    q: &Q,
    id: u64,
    by: &str,
    at: crate::model::Instant,
) -> Result<PersonExport> {
    let contact: Contact = q.require(id)?;
    let subject = Subject::of(&contact);
    let mut records: BTreeMap<&'static str, Vec<Value>> = Kind::ALL
        .iter()
        .filter(|k| **k != Kind::Contact)
        .map(|k| (table_name(*k), Vec::new()))
        .collect();
    records.insert(table_name(Kind::Contact), Vec::new());
    for found in walk(q, &subject)? {
        let kind = found.record.kind();
        let mut v = record_value(&found.record)?;
        if let Value::Object(map) = &mut v {
            map.insert("links_to_subject".into(), Value::Bool(found.links));
            map.insert("names_subject".into(), Value::Bool(found.mentions));
        }
        records.entry(table_name(kind)).or_default().push(v);
    }
    let rid = contact_rid(id);
    let mut history = Vec::new();
    for e in q.entries_since(0)? {
        let named = subject.mentioned_in(&e.summary)
            || e.changes.iter().any(|c| {
                [&c.before, &c.after]
                    .into_iter()
                    .flatten()
                    .any(|r| subject.mentioned_in_record(r))
            });
        if e.touches(rid) || named {
            history.push(e);
        }
    }
    Ok(PersonExport {
        format: FORMAT,
        version: VERSION,
        exported_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        exported_by: by.to_string(),
        subject: rid.to_string(),
        contact,
        records,
        consent: privacy::consent_history(q, id)?,
        history,
    })
}

/// The name a kind's records go under: its table's ([`crate::store::tables::records`]).
pub fn table_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Contact => "contacts",
        Kind::Company => "companies",
        Kind::Deal => "deals",
        Kind::Activity => "activities",
        Kind::Task => "tasks",
        Kind::Pipeline => "pipelines",
        Kind::Rule => "rules",
        Kind::Ticket => "tickets",
        Kind::Sla => "sla_policies",
        Kind::Calendar => "calendars",
    }
}

fn record_value(rec: &crate::model::Record) -> Result<Value> {
    // The record's own fields, plus its id as people see it.
    let mut v = match rec {
        crate::model::Record::Contact(r) => to_json(r),
        crate::model::Record::Company(r) => to_json(r),
        crate::model::Record::Deal(r) => to_json(r),
        crate::model::Record::Activity(r) => to_json(r),
        crate::model::Record::Task(r) => to_json(r),
        crate::model::Record::Pipeline(r) => to_json(r),
        crate::model::Record::Rule(r) => to_json(r),
        crate::model::Record::Ticket(r) => to_json(r),
        crate::model::Record::Sla(r) => to_json(r),
        crate::model::Record::Calendar(r) => to_json(r),
    }?;
    if let Value::Object(map) = &mut v {
        map.insert("ref".into(), Value::String(rec.rid().to_string()));
    }
    Ok(v)
}

/// One CSV file of an export: its name, header and rows.
pub type CsvTable = (String, Vec<String>, Vec<Vec<String>>);

/// The export as CSV tables: (file name, header, rows). One table per record kind,
/// plus `contact.csv`, `consent.csv` and `history.csv`. Nested values are JSON.
pub fn csv_tables(x: &PersonExport) -> Result<Vec<CsvTable>> {
    let mut out = vec![("contact.csv".to_string(), vec![to_json(&x.contact)?])];
    for (name, rows) in &x.records {
        out.push((format!("{name}.csv"), rows.clone()));
    }
    out.push((
        "consent.csv".to_string(),
        x.consent.iter().map(to_json).collect::<Result<_>>()?,
    ));
    out.push((
        "history.csv".to_string(),
        x.history.iter().map(to_json).collect::<Result<_>>()?,
    ));
    Ok(out
        .into_iter()
        .map(|(name, rows)| {
            let (header, cells) = flatten(&rows);
            (name, header, cells)
        })
        .collect())
}

fn to_json<T: Serialize>(t: &T) -> Result<Value> {
    serde_json::to_value(t).map_err(|e| crate::Error::Storage(e.to_string()))
}

/// Columns: every top-level key in order of first appearance; cells: text as is,
/// nested values as JSON.
fn flatten(rows: &[Value]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header: Vec<String> = Vec::new();
    for r in rows {
        if let Value::Object(m) = r {
            for k in m.keys() {
                if !header.contains(k) {
                    header.push(k.clone());
                }
            }
        }
    }
    let cells = rows
        .iter()
        .map(|r| {
            header
                .iter()
                .map(|k| match r.get(k) {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(v @ (Value::Array(_) | Value::Object(_))) => v.to_string(),
                    Some(v) => v.to_string(),
                })
                .collect()
        })
        .collect();
    (header, cells)
}
