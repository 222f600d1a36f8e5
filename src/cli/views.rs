//! How records look on the command line: table rows and the JSON objects whose field
//! names are the stable scripting interface documented in the README.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Value, json};

use crate::model::dates::format_relative;
use crate::model::money::format_money;
use crate::model::*;
use crate::store::{Entry, Queries};

/// Company and pipeline names, for showing contacts and deals: pipelines are read
/// once; a company's name is read the first time it is asked for, so a page of twenty
/// contacts reads at most twenty companies.
pub struct Names<'r> {
    companies: RefCell<HashMap<u64, String>>,
    lookup: Box<dyn Fn(u64) -> Option<String> + 'r>,
    pipelines: HashMap<u64, Pipeline>,
}

impl<'r> Names<'r> {
    /// Reads the pipelines; companies are read from `q` as they are asked for.
    pub fn load<Q: Queries>(q: &'r Q) -> crate::Result<Names<'r>> {
        Ok(Names {
            companies: RefCell::new(HashMap::new()),
            lookup: Box::new(move |id| q.get::<Company>(id).ok().flatten().map(|c| c.name)),
            pipelines: q.pipelines()?.into_iter().map(|p| (p.id, p)).collect(),
        })
    }

    /// A company's name, or "".
    pub fn company(&self, id: Option<u64>) -> String {
        let Some(id) = id else {
            return String::new();
        };
        if let Some(name) = self.companies.borrow().get(&id) {
            return name.clone();
        }
        let name = (self.lookup)(id).unwrap_or_default();
        self.companies.borrow_mut().insert(id, name.clone());
        name
    }

    /// A deal's stage name.
    pub fn stage(&self, d: &Deal) -> String {
        self.pipelines
            .get(&d.pipeline)
            .and_then(|p| p.stage(d.stage))
            .map(|s| s.name.clone())
            .unwrap_or_else(|| format!("stage {}", d.stage))
    }

    /// A pipeline's name.
    pub fn pipeline(&self, id: u64) -> String {
        self.pipelines
            .get(&id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    /// The pipeline with this id.
    pub fn pipeline_by_id(&self, id: u64) -> Option<&Pipeline> {
        self.pipelines.get(&id)
    }

    /// Every pipeline, in id order.
    pub fn pipelines(&self) -> Vec<&Pipeline> {
        let mut all: Vec<&Pipeline> = self.pipelines.values().collect();
        all.sort_by_key(|p| p.id);
        all
    }

    /// The pipeline of a deal.
    pub fn pipeline_of(&self, d: &Deal) -> Option<&Pipeline> {
        self.pipelines.get(&d.pipeline)
    }
}

fn rid(kind: Kind, id: u64) -> String {
    RecordId::new(kind, id).to_string()
}

fn opt_rid(kind: Kind, id: Option<u64>) -> Value {
    id.map(|i| Value::String(rid(kind, i)))
        .unwrap_or(Value::Null)
}

fn when(t: Option<Instant>) -> Value {
    t.map(|t| Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
        .unwrap_or(Value::Null)
}

/// Local date of an instant, as YYYY-MM-DD.
pub fn day(t: Instant) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d")
        .to_string()
}

/// A due date for tables: relative ("today", "3d ago") plus the time when set.
pub fn due_text(due: Option<Due>, today: chrono::NaiveDate) -> String {
    match due {
        None => String::new(),
        Some(d) => {
            let mut s = format_relative(d.date, today);
            if let Some(t) = d.time {
                s.push_str(&t.format(" %H:%M").to_string());
            }
            s
        }
    }
}

/// A contact as JSON.
pub fn contact_json(c: &Contact, names: &Names) -> Value {
    json!({
        "id": rid(Kind::Contact, c.id),
        "name": c.name,
        "given_name": c.given_name,
        "family_name": c.family_name,
        "title": c.title,
        "company": opt_rid(Kind::Company, c.company),
        "company_name": c.company.map(|_| names.company(c.company)),
        "emails": c.emails.iter().map(|e| json!({"label": e.label, "value": e.value})).collect::<Vec<_>>(),
        "phones": c.phones.iter().map(|e| json!({"label": e.label, "value": e.value})).collect::<Vec<_>>(),
        "location": c.location,
        "tags": c.tags,
        "owner": c.owner,
        "lifecycle": c.lifecycle.as_str(),
        "source": c.source,
        "consent": {"state": c.consent.state.as_str(), "at": when(c.consent.at), "source": c.consent.source},
        "notes": c.notes,
        "custom": c.custom,
        "cadence_days": c.cadence_days,
        "created": when(Some(c.created)),
        "updated": when(Some(c.updated)),
        "last_activity": when(c.last_activity),
    })
}

/// A contact as a table row (see [`CONTACT_HEADERS`]).
pub fn contact_row(c: &Contact, names: &Names) -> Vec<String> {
    vec![
        rid(Kind::Contact, c.id),
        c.name.clone(),
        names.company(c.company),
        c.email().unwrap_or("").to_string(),
        c.phone().unwrap_or("").to_string(),
        c.owner.clone(),
        c.last_activity.map(day).unwrap_or_default(),
        c.lifecycle.as_str().to_string(),
        c.tags.join(","),
    ]
}

/// Columns of [`contact_row`].
pub const CONTACT_HEADERS: [&str; 9] = [
    "ID",
    "NAME",
    "COMPANY",
    "EMAIL",
    "PHONE",
    "OWNER",
    "LAST TOUCH",
    "LIFECYCLE",
    "TAGS",
];

/// A company as JSON.
pub fn company_json(c: &Company) -> Value {
    json!({
        "id": rid(Kind::Company, c.id),
        "name": c.name,
        "domain": c.domain,
        "industry": c.industry,
        "size": c.size,
        "location": c.location,
        "tags": c.tags,
        "owner": c.owner,
        "notes": c.notes,
        "created": when(Some(c.created)),
        "updated": when(Some(c.updated)),
        "last_activity": when(c.last_activity),
    })
}

/// A company as a table row (see [`COMPANY_HEADERS`]).
pub fn company_row(c: &Company) -> Vec<String> {
    vec![
        rid(Kind::Company, c.id),
        c.name.clone(),
        c.domain.clone().unwrap_or_default(),
        c.industry.clone().unwrap_or_default(),
        c.owner.clone(),
        c.last_activity.map(day).unwrap_or_default(),
        c.tags.join(","),
    ]
}

/// Columns of [`company_row`].
pub const COMPANY_HEADERS: [&str; 7] = [
    "ID",
    "NAME",
    "DOMAIN",
    "INDUSTRY",
    "OWNER",
    "LAST TOUCH",
    "TAGS",
];

/// A deal as JSON; money as integer minor units plus the currency code.
pub fn deal_json(d: &Deal, names: &Names) -> Value {
    json!({
        "id": rid(Kind::Deal, d.id),
        "title": d.title,
        "pipeline": rid(Kind::Pipeline, d.pipeline),
        "pipeline_name": names.pipeline(d.pipeline),
        "stage": names.stage(d),
        "status": d.status.as_str(),
        "value_minor": d.value,
        "currency": d.currency.code(),
        "value": format_money(d.value, d.currency),
        "close_date": d.close_date.map(|x| x.to_string()),
        "probability": d.probability.or_else(|| names.pipeline_of(d).and_then(|p| p.stage(d.stage)).map(|s| s.probability)),
        "owner": d.owner,
        "company": opt_rid(Kind::Company, d.company),
        "company_name": d.company.map(|_| names.company(d.company)),
        "contacts": d.contacts.iter().map(|c| rid(Kind::Contact, *c)).collect::<Vec<_>>(),
        "lost_reason": d.lost_reason,
        "source": d.source,
        "recurring": d.recurring.map(|r| json!({"amount_minor": r.amount, "period": match r.period { RecurringPeriod::Monthly => "monthly", RecurringPeriod::Yearly => "yearly" }})),
        "renewal_date": d.renewal_date.map(|x| x.to_string()),
        "tags": d.tags,
        "notes": d.notes,
        "history": d.history.iter().map(|h| json!({
            "stage": names.pipeline_of(d).and_then(|p| p.stage(h.stage)).map(|s| s.name.clone()),
            "at": when(Some(h.at)),
        })).collect::<Vec<_>>(),
        "created": when(Some(d.created)),
        "updated": when(Some(d.updated)),
        "closed_at": when(d.closed_at),
        "last_activity": when(d.last_activity),
    })
}

/// A deal as a table row (see [`DEAL_HEADERS`]).
pub fn deal_row(d: &Deal, names: &Names) -> Vec<String> {
    vec![
        rid(Kind::Deal, d.id),
        d.title.clone(),
        names.company(d.company),
        names.stage(d),
        format_money(d.value, d.currency),
        d.close_date.map(|x| x.to_string()).unwrap_or_default(),
        d.owner.clone(),
        d.status.as_str().to_string(),
    ]
}

/// Columns of [`deal_row`].
pub const DEAL_HEADERS: [&str; 8] = [
    "ID", "TITLE", "COMPANY", "STAGE", "VALUE", "CLOSE", "OWNER", "STATUS",
];

/// A task as JSON.
pub fn task_json(t: &Task) -> Value {
    json!({
        "id": rid(Kind::Task, t.id),
        "title": t.title,
        "due": t.due.map(|d| d.date.to_string()),
        "due_time": t.due.and_then(|d| d.time).map(|x| x.format("%H:%M").to_string()),
        "assignee": t.assignee,
        "link": t.link.map(|l| l.to_string()),
        "priority": t.priority.as_str(),
        "done": !t.is_open(),
        "done_at": when(t.done_at),
        "closed_reason": t.closed_reason,
        "repeats": t.recur.map(|r| format!("every {} {}{}", r.every, match r.unit { RecurUnit::Days => "days", RecurUnit::Weeks => "weeks", RecurUnit::Months => "months" }, if r.after_completion { " after completion" } else { "" })),
        "auto_close": t.auto_close.map(|a| match a { AutoClose::OnReply => "on_reply", AutoClose::OnActivity => "on_activity" }),
        "notes": t.notes,
        "created": when(Some(t.created)),
        "updated": when(Some(t.updated)),
    })
}

/// A task as a table row (see [`TASK_HEADERS`]); `link` is the linked record's label.
pub fn task_row(t: &Task, link: &str, today: chrono::NaiveDate) -> Vec<String> {
    vec![
        rid(Kind::Task, t.id),
        due_text(t.due, today),
        t.title.clone(),
        link.to_string(),
        t.assignee.clone(),
        t.priority.as_str().to_string(),
        match (&t.done_at, &t.closed_reason) {
            (None, _) => "open".into(),
            (Some(_), None) => "done".into(),
            (Some(_), Some(why)) => format!("closed: {why}"),
        },
    ]
}

/// Columns of [`task_row`].
pub const TASK_HEADERS: [&str; 7] = [
    "ID", "DUE", "TITLE", "LINK", "ASSIGNEE", "PRIORITY", "STATE",
];

/// An activity as JSON.
pub fn activity_json(a: &Activity) -> Value {
    json!({
        "id": rid(Kind::Activity, a.id),
        "kind": a.kind.as_str(),
        "subject": a.subject,
        "body": a.body,
        "at": when(Some(a.at)),
        "duration_min": a.duration_min,
        "direction": a.direction.map(|d| d.as_str()),
        "contacts": a.contacts.iter().map(|c| rid(Kind::Contact, *c)).collect::<Vec<_>>(),
        "company": opt_rid(Kind::Company, a.company),
        "deal": opt_rid(Kind::Deal, a.deal),
        "author": a.author,
        "external_id": a.external_id,
    })
}

/// An activity as a table row (see [`ACTIVITY_HEADERS`]).
pub fn activity_row(a: &Activity) -> Vec<String> {
    let on: Vec<String> = a
        .contacts
        .iter()
        .map(|c| rid(Kind::Contact, *c))
        .chain(a.deal.map(|d| rid(Kind::Deal, d)))
        .collect();
    vec![
        rid(Kind::Activity, a.id),
        a.at.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        a.kind.as_str().to_string(),
        a.subject.clone(),
        on.join(" "),
        a.author.clone(),
    ]
}

/// Columns of [`activity_row`].
pub const ACTIVITY_HEADERS: [&str; 6] = ["ID", "WHEN", "KIND", "SUBJECT", "ON", "BY"];

/// A change-log entry as JSON.
pub fn entry_json(e: &Entry) -> Value {
    let mut v = json!({
        "rev": e.rev,
        "at": when(Some(e.at)),
        "user": e.user,
        "uid": e.uid,
        "op": e.op,
        "summary": e.summary,
        "records": e.changes.iter().map(|c| c.rid.to_string()).collect::<Vec<_>>(),
    });
    // Only entries made through another program carry it, so older output is unchanged.
    if let (Some(via), Some(obj)) = (&e.via, v.as_object_mut()) {
        obj.insert("via".into(), json!(via));
    }
    v
}

/// A change-log entry as a table row (see [`ENTRY_HEADERS`]).
pub fn entry_row(e: &Entry) -> Vec<String> {
    vec![
        format!("r{}", e.rev),
        e.at.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        e.author(),
        e.op.clone(),
        e.summary.clone(),
    ]
}

/// Columns of [`entry_row`].
pub const ENTRY_HEADERS: [&str; 5] = ["REV", "WHEN", "USER", "OP", "WHAT"];
