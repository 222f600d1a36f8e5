//! Forms for creating and editing records: labelled text fields (tui-input), inline
//! errors per field, completion of company/contact/record fields from the loaded data.
//! Building the record from the typed text lives in [`build`].

pub mod build;
pub mod fields;

use tui_input::{Input, InputRequest};

use super::data::Data;
use super::write::CompanyRef;
use crate::model::{Kind, RecordId};

/// What a field holds, which decides parsing and completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A natural-language date ("fri", "+3d", "2026-12-01").
    Date,
    /// A date with an optional time ("tomorrow 3pm").
    Due,
    /// An amount of money.
    Money,
    /// A company, completed from existing companies.
    Company,
    /// A contact, completed from existing contacts.
    Contact,
    /// A contact, company or deal (by id or name).
    Link,
    /// One of fixed words.
    Choice(&'static [&'static str]),
}

/// One labelled input.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name ops use in errors ("email", "due").
    pub key: &'static str,
    /// The label drawn.
    pub label: &'static str,
    /// The text.
    pub input: Input,
    /// How to read it.
    pub kind: FieldKind,
    /// The inline error, if the last save found one.
    pub error: Option<String>,
}

impl Field {
    /// A field with initial text.
    pub fn new(
        key: &'static str,
        label: &'static str,
        kind: FieldKind,
        value: impl Into<String>,
    ) -> Field {
        Field {
            key,
            label,
            input: Input::new(value.into()),
            kind,
            error: None,
        }
    }

    /// The current text.
    pub fn value(&self) -> &str {
        self.input.value()
    }
}

/// What a form saves into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTarget {
    /// A new (none) or existing contact.
    Contact(Option<u64>),
    /// A new or existing company.
    Company(Option<u64>),
    /// A new deal in a pipeline stage, or an existing deal.
    Deal {
        /// The deal being edited.
        id: Option<u64>,
        /// Pipeline of a new deal.
        pipeline: u64,
        /// Stage of a new deal.
        stage: u32,
    },
    /// A new or existing task; `next_step_for` marks the prompt after completing a
    /// deal's task.
    Task {
        /// The task being edited.
        id: Option<u64>,
        /// The deal whose next step this is.
        next_step_for: Option<u64>,
    },
    /// A new activity.
    Activity,
}

/// A form on the layer stack.
#[derive(Debug, Clone)]
pub struct Form {
    /// Identifies the form across a save round trip.
    pub id: u64,
    /// What it saves.
    pub target: FormTarget,
    /// The title.
    pub title: String,
    /// The fields.
    pub fields: Vec<Field>,
    /// The focused field.
    pub focus: usize,
    /// A form-wide error (one not tied to a field).
    pub error: Option<String>,
}

impl Form {
    /// The focused field.
    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// Sends an edit to the focused field; clears its error when the text changes.
    pub fn edit(&mut self, req: InputRequest) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && f.input.handle(req).is_some_and(|c| c.value)
        {
            f.error = None;
        }
    }

    /// Sets the focused field's whole text.
    pub fn set_value(&mut self, index: usize, text: String) {
        if let Some(f) = self.fields.get_mut(index) {
            f.input = Input::new(text);
            f.error = None;
        }
    }

    /// Moves focus; on forward moves a pending completion is accepted first.
    pub fn move_focus(&mut self, forward: bool, data: &Data) {
        if forward
            && let Some(f) = self.focused()
            && let Some(first) = suggestions(f, data).into_iter().next()
            && !f.value().is_empty()
            && first != f.value()
        {
            let i = self.focus;
            self.set_value(i, first);
            return;
        }
        let n = self.fields.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// Marks an error on the field named `key` (or the form when none matches) and
    /// focuses it.
    pub fn set_error(&mut self, key: &str, message: String) {
        match self.fields.iter().position(|f| f.key == key) {
            Some(i) => {
                self.fields[i].error = Some(message);
                self.focus = i;
            }
            None => self.error = Some(message),
        }
    }

    /// The value of the field named `key`.
    pub fn value(&self, key: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value())
            .unwrap_or("")
    }
}

/// Up to five completions for a field's text, best first (names starting with it, then
/// names containing it); read from the name indexes, not from whole tables.
pub fn suggestions(field: &Field, data: &Data) -> Vec<String> {
    let text = field.value().trim().to_lowercase();
    if text.is_empty() {
        return Vec::new();
    }
    match field.kind {
        FieldKind::Company => names_or_ids(data.names_like(Kind::Company, &text, 5), "O"),
        FieldKind::Contact => names_or_ids(data.names_like(Kind::Contact, &text, 5), "C"),
        FieldKind::Link => {
            let mut out: Vec<String> = Vec::new();
            for (kind, prefix) in [
                (Kind::Contact, "C"),
                (Kind::Company, "O"),
                (Kind::Deal, "D"),
            ] {
                out.extend(
                    data.names_like(kind, &text, 5)
                        .into_iter()
                        .map(|(id, n)| format!("{prefix}-{id} {n}")),
                );
            }
            out.truncate(5);
            out
        }
        FieldKind::Choice(words) => {
            let mut found: Vec<(bool, String)> = words
                .iter()
                .filter(|w| w.contains(&text))
                .map(|w| (!w.starts_with(&text), w.to_string()))
                .collect();
            found.sort();
            found.into_iter().take(5).map(|(_, s)| s).collect()
        }
        _ => Vec::new(),
    }
}

/// Names to offer; a name shared by several records is offered with each one's id
/// ("O-3 Acme"), which is what resolving it needs.
fn names_or_ids(found: Vec<(u64, String)>, prefix: &str) -> Vec<String> {
    let shared = |name: &str| {
        found
            .iter()
            .filter(|(_, n)| n.eq_ignore_ascii_case(name))
            .count()
            > 1
    };
    found
        .iter()
        .map(|(id, n)| {
            if shared(n) {
                format!("{prefix}-{id} {n}")
            } else {
                n.clone()
            }
        })
        .collect()
}

/// Resolves a company field: `O-7` (anything after the id is ignored), the company the
/// record is already linked to (`current`, when the text still shows its name), or a
/// name, which the write resolves in its transaction: the one company with that name,
/// or a new one (as `--company` does on the CLI).
pub fn resolve_company(
    text: &str,
    data: &Data,
    current: Option<u64>,
) -> Result<Option<CompanyRef>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(id) = current
        && data
            .company(id)
            .is_some_and(|c| crate::model::text::tidy(&c.name).eq_ignore_ascii_case(t))
    {
        return Ok(Some(CompanyRef::Id(id)));
    }
    // An id, or a name: an ambiguous one is refused here, before the write, so the field
    // says which to type; a new one is created by the write.
    Ok(Some(
        match with_reader(data, |r| crate::ops::find_company(r, t))? {
            Some(id) => CompanyRef::Id(id),
            None => CompanyRef::Named(t.to_string()),
        },
    ))
}

/// Resolves a contact field: `C-3`, or the one contact with that name (case-insensitive);
/// a name matching several is refused with their ids, as on the CLI.
pub fn resolve_contact(text: &str, data: &Data) -> Result<Option<u64>, String> {
    resolve(text, Kind::Contact, data).map(|r| r.map(|r| r.id))
}

/// Resolves a link field: an id such as `D-4` (anything after it is ignored), or the
/// exact name of a contact, company or deal.
pub fn resolve_link(text: &str, data: &Data) -> Result<Option<RecordId>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let first = t.split_whitespace().next().unwrap_or("");
    if let Ok(rid) = first.parse::<RecordId>() {
        return match rid.kind {
            Kind::Contact | Kind::Company | Kind::Deal if exists(rid, data) => Ok(Some(rid)),
            Kind::Contact | Kind::Company | Kind::Deal => Err(format!("{rid} does not exist")),
            _ => Err(format!("{rid}: link a contact, company or deal")),
        };
    }
    for kind in [Kind::Contact, Kind::Company, Kind::Deal] {
        match resolve(t, kind, data) {
            Ok(Some(r)) => return Ok(Some(r)),
            Err(e) if e.contains("type the id") => return Err(e),
            _ => {}
        }
    }
    Err(format!(
        "no contact, company or deal named '{t}' (tab completes)"
    ))
}

fn exists(rid: RecordId, data: &Data) -> bool {
    data.exists(rid)
}

/// Runs a read through the ops' name lookups; errors become the field's message.
fn with_reader<T>(
    data: &Data,
    read: impl FnOnce(&crate::store::Reader) -> crate::Result<T>,
) -> Result<T, String> {
    let r = data
        .source
        .as_ref()
        .ok_or_else(|| "no database is open".to_string())?
        .read()
        .map_err(|e| e.to_string())?;
    read(&r).map_err(|e| match e {
        crate::Error::Invalid { message, .. } => message,
        other => other.to_string(),
    })
}

fn resolve(text: &str, kind: Kind, data: &Data) -> Result<Option<RecordId>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let found = match kind {
        Kind::Company => with_reader(data, |r| crate::ops::find_company(r, t))?,
        // An id or the one contact with the name; none is an error saying what to type.
        Kind::Contact => {
            with_reader(data, |r| crate::ops::contact_for(r, t, "contact")).map(Some)?
        }
        _ => {
            if let Ok(id) = RecordId::parse_as(t.split_whitespace().next().unwrap_or(""), kind) {
                let rid = RecordId::new(kind, id);
                return if exists(rid, data) {
                    Ok(Some(rid))
                } else {
                    Err(format!("{rid} does not exist"))
                };
            }
            let lower = t.to_lowercase();
            data.names_like(kind, t, 50)
                .into_iter()
                .filter(|(_, n)| n.to_lowercase() == lower)
                .map(|(id, _)| id)
                .min()
        }
    };
    found
        .map(|id| Some(RecordId::new(kind, id)))
        .ok_or_else(|| {
            format!(
                "no {} named '{t}' (tab completes from existing ones)",
                kind.noun()
            )
        })
}
