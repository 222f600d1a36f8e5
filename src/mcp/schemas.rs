//! The `outputSchema` of every tool: the shape of the CLI's `--json` for the command
//! the tool runs (README, "JSON output"), with lists under one key because structured
//! content is an object. Schemas name the fields an agent relies on and allow the rest,
//! so a field added to the CLI's JSON later does not break a client that validates.

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Value, json};

fn object(v: Value) -> Arc<JsonObject> {
    match v {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(JsonObject::new()),
    }
}

fn text() -> Value {
    json!({"type": "string"})
}

fn maybe_text() -> Value {
    json!({"type": ["string", "null"]})
}

fn texts() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn record(required: &[&str], props: Value) -> Value {
    json!({"type": "object", "properties": props, "required": required})
}

fn contact() -> Value {
    record(
        &["id", "name"],
        json!({
            "id": {"type": "string", "description": "C-n"},
            "name": text(), "title": maybe_text(),
            "company": maybe_text(), "company_name": maybe_text(),
            "emails": {"type": "array", "items": {"type": "object", "properties": {"label": text(), "value": text()}}},
            "phones": {"type": "array", "items": {"type": "object", "properties": {"label": text(), "value": text()}}},
            "owner": text(), "lifecycle": text(), "tags": texts(), "notes": maybe_text(),
            "last_activity": maybe_text(),
        }),
    )
}

fn company() -> Value {
    record(
        &["id", "name"],
        json!({
            "id": {"type": "string", "description": "O-n"},
            "name": text(), "domain": maybe_text(), "industry": maybe_text(),
            "owner": text(), "tags": texts(), "notes": maybe_text(), "last_activity": maybe_text(),
        }),
    )
}

fn deal() -> Value {
    record(
        &["id", "title", "stage", "status"],
        json!({
            "id": {"type": "string", "description": "D-n"},
            "title": text(), "pipeline": text(), "pipeline_name": text(), "stage": text(),
            "status": {"type": "string", "enum": ["open", "won", "lost"]},
            "value_minor": {"type": "integer", "description": "value in minor units (cents)"},
            "currency": text(), "value": {"type": "string", "description": "formatted value"},
            "close_date": maybe_text(), "probability": {"type": ["integer", "null"]},
            "owner": text(), "company": maybe_text(), "company_name": maybe_text(),
            "contacts": texts(), "tags": texts(), "notes": maybe_text(),
            "last_activity": maybe_text(),
        }),
    )
}

fn task() -> Value {
    record(
        &["id", "title", "done"],
        json!({
            "id": {"type": "string", "description": "T-n"},
            "title": text(), "due": maybe_text(), "due_time": maybe_text(),
            "assignee": text(), "link": maybe_text(), "priority": text(),
            "done": {"type": "boolean"}, "done_at": maybe_text(), "notes": maybe_text(),
        }),
    )
}

fn activity() -> Value {
    record(
        &["id", "kind", "at"],
        json!({
            "id": {"type": "string", "description": "A-n"},
            "kind": {"type": "string", "enum": ["call", "email", "meeting", "note"]},
            "subject": text(), "body": text(), "at": text(),
            "duration_min": {"type": ["integer", "null"]}, "direction": maybe_text(),
            "contacts": texts(), "company": maybe_text(), "deal": maybe_text(), "author": text(),
        }),
    )
}

/// Any one record: a contact, company, deal, task or activity, by its `id`'s prefix.
fn any_record(extra: &str) -> Value {
    json!({
        "type": "object",
        "description": format!("the record as the CLI's `--json` prints it: a contact (C-n), company (O-n), deal (D-n), task (T-n), activity (A-n) or support ticket (S-n){extra}"),
        "properties": {"id": {"type": "string"}},
        "required": ["id"],
    })
}

/// `search`: `rolo search --json`.
pub fn search() -> Arc<JsonObject> {
    object(record(
        &["results"],
        json!({"results": {"type": "array", "items": record(&["id", "kind", "name"], json!({
            "id": text(),
            "kind": {"type": "string", "enum": ["contact", "company", "deal", "task", "ticket"]},
            "name": text(), "detail": text(), "score": {"type": "integer"},
        }))}}),
    ))
}

/// `get`: `rolo <kind> show ID --json`.
pub fn get() -> Arc<JsonObject> {
    object(any_record(
        "; a contact adds `deals`, `open_tasks` and `recent_activities`, a company `contacts`, `deals` and `recent_activities`, a deal `tasks` and `recent_activities`",
    ))
}

/// `list_deals`: `rolo deal list --json`.
pub fn deals() -> Arc<JsonObject> {
    object(record(
        &["deals"],
        json!({"deals": {"type": "array", "items": deal()}}),
    ))
}

/// `tasks_due`: `rolo task list --json`.
pub fn tasks() -> Arc<JsonObject> {
    object(record(
        &["tasks"],
        json!({"tasks": {"type": "array", "items": task()}}),
    ))
}

/// `report`: `rolo report NAME --json`.
pub fn report() -> Arc<JsonObject> {
    object(json!({
        "type": "object",
        "description": "the report as `rolo report NAME --json` prints it; amounts are in minor units per currency",
        "properties": {"report": text(), "as_of": text(), "notes": texts()},
        "required": ["report"],
    }))
}

/// `create`: the new contact, company or deal.
pub fn created() -> Arc<JsonObject> {
    object(json!({
        "type": "object",
        "description": "the new record as the CLI's `--json` prints it",
        "anyOf": [contact(), company(), deal()],
    }))
}

/// `update`: the changed record.
pub fn updated() -> Arc<JsonObject> {
    object(any_record(" after the change"))
}

/// `move_deal`: the deal after the move.
pub fn moved() -> Arc<JsonObject> {
    object(deal())
}

/// `log_activity`: the new activity.
pub fn logged() -> Arc<JsonObject> {
    object(activity())
}

/// `add_task`, `complete_task`: the task.
pub fn one_task() -> Arc<JsonObject> {
    object(task())
}

/// `delete`: the id that was deleted.
pub fn deleted() -> Arc<JsonObject> {
    object(record(
        &["deleted"],
        json!({"deleted": {"type": "string", "description": "the id of the deleted record"}}),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_is_an_object_schema() {
        for s in [
            super::search(),
            super::get(),
            super::deals(),
            super::tasks(),
            super::report(),
            super::created(),
            super::updated(),
            super::moved(),
            super::logged(),
            super::one_task(),
            super::deleted(),
        ] {
            assert_eq!(s.get("type"), Some(&serde_json::json!("object")));
        }
    }
}
