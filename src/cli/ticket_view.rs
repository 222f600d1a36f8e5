//! How tickets look on the command line: the JSON object (the scripting interface), the
//! queue's table row, and `ticket show` with its clocks and thread.

use std::io::Write;

use serde_json::{Value, json};

use super::Ctx;
use super::output::write_fields;
use crate::model::*;
use crate::store::{Queries, TicketEntry};

/// The columns of `ticket list`.
pub const HEADERS: [&str; 8] = [
    "ID",
    "PRI",
    "STATUS",
    "NEXT DEADLINE",
    "SLA",
    "ASSIGNEE",
    "REQUESTER",
    "SUBJECT",
];

fn when(t: Option<Instant>) -> Value {
    t.map(|t| Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
        .unwrap_or(Value::Null)
}

fn clock_json(c: Option<Clock>, now: Instant) -> Value {
    let Some(c) = c else {
        return Value::Null;
    };
    let mut v = match c {
        Clock::Running { due } => json!({"state": "running", "due": when(Some(due))}),
        Clock::Paused { left_ms } => json!({"state": "paused", "left_minutes": left_ms / 60_000}),
        Clock::Met { at, breached, .. } => {
            json!({"state": "met", "at": when(Some(at)), "late": breached})
        }
    };
    if let Value::Object(m) = &mut v {
        m.insert("breached".into(), Value::Bool(c.breached(now)));
        m.insert(
            "text".into(),
            Value::String(crate::sla::describe_clock(&c, now)),
        );
    }
    v
}

/// A ticket as JSON.
pub fn ticket_json(t: &Ticket, now: Instant) -> Value {
    let rid = |k: Kind, id: Option<u64>| id.map(|i| RecordId::new(k, i).to_string());
    json!({
        "id": format!("S-{}", t.id),
        "subject": t.subject,
        "requester": rid(Kind::Contact, t.requester),
        "company": rid(Kind::Company, t.company),
        "deal": rid(Kind::Deal, t.deal),
        "status": t.status.as_str(),
        "priority": t.priority.as_str(),
        "assignee": t.assignee,
        "channel": t.channel.as_str(),
        "tags": t.tags,
        "custom": t.custom,
        "cc": t.cc,
        "follow_up_of": rid(Kind::Ticket, t.follow_up_of),
        "sla": {
            "policy": rid(Kind::Sla, t.sla.policy),
            "first_reply": clock_json(t.sla.first_reply, now),
            "next_reply": clock_json(t.sla.next_reply, now),
            "resolution": clock_json(t.sla.resolution, now),
        },
        "next_deadline": when(t.sla.next_due()),
        "breached": t.sla.breached(now),
        "replies": t.replies(),
        "reopened": t.reopened,
        "solved_at": when(t.solved_at),
        "created": when(Some(t.created)),
        "updated": when(Some(t.updated)),
    })
}

/// The SLA column: the state of the most pressing clock, as a symbol and words, so it
/// reads without colour ("! breached 2h ago", "~ 40m left", "|| paused").
pub fn sla_cell(t: &Ticket, now: Instant) -> String {
    if t.sla.breached(now) {
        // The clock still running past its deadline is the one to act on; a target
        // met late is history.
        let worst = t
            .sla
            .named()
            .into_iter()
            .filter_map(|(name, c)| c.filter(|c| c.breached(now)).map(|c| (name, c)))
            .min_by_key(|(_, c)| match c {
                Clock::Running { .. } => 0,
                Clock::Paused { .. } => 1,
                Clock::Met { .. } => 2,
            });
        return match worst {
            Some((name, c)) => format!("! {name} {}", crate::sla::describe_clock(&c, now)),
            None => "! breached".into(),
        };
    }
    let next = t
        .sla
        .named()
        .into_iter()
        .filter_map(|(name, c)| c.and_then(|c| c.due().map(|d| (d, name, c))))
        .min_by_key(|(d, _, _)| *d);
    match next {
        Some((_, name, c)) => format!("{name} {}", crate::sla::describe_clock(&c, now)),
        None if t.sla.paused() => "|| paused".into(),
        None => String::new(),
    }
}

/// A queue row.
pub fn row(t: &Ticket, e: Option<&TicketEntry>, requester: &str, now: Instant) -> Vec<String> {
    let due = e
        .and_then(|e| e.due())
        .or_else(|| t.sla.next_due())
        .map(|d| {
            d.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    vec![
        format!("S-{}", t.id),
        t.priority.as_str().into(),
        t.status.as_str().into(),
        due,
        sla_cell(t, now),
        t.assignee.clone(),
        requester.to_string(),
        t.subject.clone(),
    ]
}

/// The requester's name, or "".
pub fn requester<Q: Queries>(q: &Q, t: &Ticket) -> String {
    t.requester
        .and_then(|c| q.get::<Contact>(c).ok().flatten())
        .map(|c| c.name)
        .unwrap_or_default()
}

/// `rolo ticket show`: fields, clocks, then the thread oldest first.
pub fn show<Q: Queries>(ctx: &Ctx, q: &Q, t: &Ticket) -> anyhow::Result<()> {
    let now = ctx.store.now();
    let label = |rid: Option<RecordId>| {
        rid.map(|r| format!("{r} {}", super::task::label(q, r)))
            .unwrap_or_default()
    };
    let mut fields = vec![
        ("ticket", format!("S-{} {}", t.id, t.subject)),
        ("status", t.status.as_str().to_string()),
        ("priority", t.priority.as_str().to_string()),
        ("assignee", t.assignee.clone()),
        (
            "requester",
            label(t.requester.map(|c| RecordId::new(Kind::Contact, c))),
        ),
        (
            "company",
            label(t.company.map(|c| RecordId::new(Kind::Company, c))),
        ),
        ("deal", label(t.deal.map(|d| RecordId::new(Kind::Deal, d)))),
        ("channel", t.channel.as_str().to_string()),
        ("tags", t.tags.join(", ")),
        ("cc", t.cc.join(", ")),
        (
            "follow-up of",
            t.follow_up_of.map(|f| format!("S-{f}")).unwrap_or_default(),
        ),
        (
            "SLA policy",
            label(t.sla.policy.map(|p| RecordId::new(Kind::Sla, p))),
        ),
    ];
    for (name, c) in t.sla.named() {
        if let Some(c) = c {
            let mark = if c.breached(now) { "! " } else { "" };
            fields.push((
                name,
                format!("{mark}{}", crate::sla::describe_clock(&c, now)),
            ));
        }
    }
    let custom: Vec<String> = t.custom.iter().map(|(k, v)| format!("{k}={v}")).collect();
    fields.push(("fields", custom.join(", ")));
    fields.push(("opened", super::views::day(t.created)));
    write_fields(&mut *ctx.out(), &fields)?;
    let rid = RecordId::new(Kind::Ticket, t.id);
    let ids = q.timeline_ids(rid, 200)?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut out = ctx.out();
    writeln!(out)?;
    let mut thread: Vec<Activity> = ids
        .into_iter()
        .filter_map(|id| q.get::<Activity>(id).ok().flatten())
        .collect();
    thread.sort_by_key(|a| (a.at, a.id));
    for a in thread {
        let who = match a.direction {
            Some(Direction::Inbound) => "customer",
            Some(Direction::Outbound) => "reply",
            None => "note",
        };
        writeln!(
            out,
            "{}  {who:<8}  A-{}  {}",
            a.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            a.id,
            crate::model::text::sanitize(&a.subject)
        )?;
        for line in a.body.lines().take(12) {
            writeln!(out, "    {}", crate::model::text::sanitize(line))?;
        }
    }
    Ok(())
}

/// The unsolved tickets linked to `rid` (a contact as requester, a company, a deal),
/// most urgent first, at most `limit`; with how many there are in all.
pub fn open_tickets<Q: Queries>(
    q: &Q,
    rid: RecordId,
    limit: usize,
) -> crate::Result<(Vec<Ticket>, usize)> {
    let mut open: Vec<Ticket> = q
        .linked(rid, Kind::Ticket)?
        .into_iter()
        .filter_map(|id| q.get::<Ticket>(id).ok().flatten())
        .filter(Ticket::is_unsolved)
        .collect();
    open.sort_by_key(|t| (std::cmp::Reverse(t.priority), t.queue_at(), t.id));
    let n = open.len();
    open.truncate(limit);
    Ok((open, n))
}

/// The "Open tickets" section of a contact, company or deal: its rows and JSON.
pub fn open_section<Q: Queries>(
    q: &Q,
    rid: RecordId,
    now: Instant,
) -> crate::Result<(Vec<Vec<String>>, Value)> {
    let (open, _) = open_tickets(q, rid, 20)?;
    let rows = open
        .iter()
        .map(|t| row(t, None, &requester(q, t), now))
        .collect();
    let json = open.iter().map(|t| ticket_json(t, now)).collect();
    Ok((rows, json))
}
