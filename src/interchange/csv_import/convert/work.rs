//! Activities and tasks from a row: kind, time, duration, direction, due date,
//! priority, done; what they are logged on or linked to stays as text.

use super::{Cells, Draft, DraftRow};
use crate::interchange::csv_import::field::Field;
use crate::interchange::csv_import::values::{self, split_multi};
use crate::interchange::error::RowError;
use chrono::{TimeZone, Utc};

use crate::interchange::html;
use crate::model::{Activity, ActivityKind, Direction, Due, Priority, Task};

/// An activity row. A row that says it is not done yet (Pipedrive's "To do", a
/// Salesforce task "Not Started", a HubSpot task "NOT_STARTED") is a task to come, not
/// something that happened: it becomes a task due when the activity was planned.
pub fn activity(mut c: Cells<'_>) -> Result<DraftRow, Vec<RowError>> {
    let subject = c.text(&Field::Title).unwrap_or_default();
    let body = c
        .text(&Field::Notes)
        .map(|b| html::plain(&b))
        .unwrap_or_default();
    if subject.is_empty() && body.is_empty() {
        c.fail_row("no subject and no text: an activity needs one");
    }
    let contacts: Vec<String> = c
        .each(|f| *f == Field::Contact)
        .into_iter()
        .flat_map(|(_, _, v)| split_multi(v).map(str::to_string).collect::<Vec<_>>())
        .collect();
    let day = c.parsed(&Field::At, values::due);
    let time = c.parsed(&Field::AtTime, values::time);
    let done = c.parsed(&Field::Done, values::flag);
    let done_at = c.parsed(&Field::DoneAt, values::instant);
    let created = c.created();
    let company = c.text(&Field::Company);
    let deal = c.text(&Field::Deal);
    let owner = c.text(&Field::Owner).unwrap_or_default();
    if done == Some(false) {
        let mut task = Task {
            title: if subject.is_empty() {
                first_line(&body)
            } else {
                subject
            },
            due: day.map(|d| Due {
                date: d.date,
                time: time.or(d.time),
            }),
            assignee: owner,
            notes: body,
            ..Task::default()
        };
        // Its source id makes a re-import match it instead of adding it again.
        if let Some(x) = c.text(&Field::ExternalId) {
            let id = pipedrive_id(&c, x);
            let key = ["pipedrive", "hubspot", "salesforce"]
                .into_iter()
                .find(|p| id.strip_prefix(p).is_some_and(|rest| rest.starts_with('-')))
                .unwrap_or("external");
            task.source_ids.insert(key.to_string(), id);
        }
        let draft = Draft::Task {
            task,
            link: None,
            contact: contacts.into_iter().next(),
            company,
            deal,
        };
        return c.finish(draft, created);
    }
    // When it happened: the planned day and time, else when it was marked done, else
    // when it was added.
    let at = match day {
        Some(d) => Some(
            Utc.from_utc_datetime(
                &d.date
                    .and_time(time.or(d.time).unwrap_or(chrono::NaiveTime::MIN)),
            ),
        ),
        None => done_at.or(created),
    };
    // A type rolo has no kind for (a product's own, like "Demo booked") is logged as a
    // note that keeps the type in its subject, rather than refusing the row.
    let (kind, subject) = match c.text(&Field::ActivityKind) {
        None => (ActivityKind::default(), subject),
        Some(t) => match activity_kind(&t) {
            Ok(k) => (k, subject),
            Err(_) if subject.is_empty() => (ActivityKind::Note, t),
            Err(_) => (ActivityKind::Note, format!("{t}: {subject}")),
        },
    };
    let activity = Activity {
        kind,
        subject,
        body,
        at: at.unwrap_or_default(),
        duration_min: c.parsed(&Field::Duration, minutes).filter(|m| *m > 0),
        direction: c.parsed(&Field::Direction, direction),
        author: owner,
        external_id: c.text(&Field::ExternalId).map(|x| pipedrive_id(&c, x)),
        ..Activity::default()
    };
    let draft = Draft::Activity {
        activity,
        contacts,
        company,
        deal,
    };
    c.finish(draft, None)
}

/// The first line of `text`, shortened to 80 characters (a title for an untitled task).
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    match line.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// A task row.
pub fn task(mut c: Cells<'_>) -> Result<DraftRow, Vec<RowError>> {
    let title = c.text(&Field::Title);
    if title.is_none() {
        c.fail_row("no title: a task needs a title");
    }
    let done = c.parsed(&Field::Done, values::flag).unwrap_or(false);
    let done_at = c.parsed(&Field::DoneAt, values::instant);
    let task = Task {
        title: title.unwrap_or_default(),
        due: c.parsed(&Field::Due, values::due),
        assignee: c.text(&Field::Owner).unwrap_or_default(),
        priority: c.parsed(&Field::Priority, priority).unwrap_or_default(),
        // A done task without a completion time is stamped by the apply step.
        done_at: done_at.or(done.then(crate::model::Instant::default)),
        notes: c.text(&Field::Notes).unwrap_or_default(),
        ..Task::default()
    };
    let draft = Draft::Task {
        task,
        link: c.text(&Field::Link),
        contact: c.text(&Field::Contact),
        company: c.text(&Field::Company),
        deal: c.text(&Field::Deal),
    };
    let created = c.created();
    c.finish(draft, created)
}

/// Pipedrive's note and activity ids and HubSpot's record ids are numbers: prefixed
/// with what they number ("pipedrive-note-301", "hubspot-8001") they cannot meet a
/// Message-ID or another product's id. Salesforce's ids (`00T…` tasks, `00U…` events)
/// are prefixed with the product alike.
fn pipedrive_id(c: &Cells<'_>, id: String) -> String {
    let header = c
        .header_of(&Field::ExternalId)
        .map(super::super::headers::normalise);
    match header.as_deref() {
        Some("noteid") => format!("pipedrive-note-{id}"),
        Some("activityid") => format!("pipedrive-activity-{id}"),
        Some("recordid") => format!("hubspot-{id}"),
        Some("id") if id.starts_with("00T") || id.starts_with("00U") => {
            format!("salesforce-{id}")
        }
        _ => id,
    }
}

fn activity_kind(s: &str) -> Result<ActivityKind, String> {
    if let Some(k) = ActivityKind::parse(s) {
        return Ok(k);
    }
    match s.trim().to_lowercase().as_str() {
        "phone" | "phone call" | "logged call" | "video call" => Ok(ActivityKind::Call),
        "e-mail" | "mail" | "logged email" | "sent email" => Ok(ActivityKind::Email),
        "event" | "lunch" | "demo" => Ok(ActivityKind::Meeting),
        "comment" | "task" | "deadline" | "todo" | "to-do" | "other" => Ok(ActivityKind::Note),
        "calls" | "call_outbound" | "call_inbound" | "outbound call" | "inbound call" => {
            Ok(ActivityKind::Call)
        }
        "emails" | "incoming_email" | "forwarded_email" | "email_reply" => Ok(ActivityKind::Email),
        "meetings" | "meeting_event" | "appointment" | "conference" => Ok(ActivityKind::Meeting),
        "notes" => Ok(ActivityKind::Note),
        _ => Err("expected call, email, meeting or note".into()),
    }
}

fn direction(s: &str) -> Result<Direction, String> {
    match s.trim().to_lowercase().as_str() {
        "inbound" | "in" | "incoming" | "received" => Ok(Direction::Inbound),
        "outbound" | "out" | "outgoing" | "sent" => Ok(Direction::Outbound),
        _ => Err("expected inbound or outbound".into()),
    }
}

/// Minutes: "30", "30m", "30 min", "1:30" (h:mm), "1h".
fn minutes(s: &str) -> Result<u32, String> {
    let t = s.trim().to_lowercase();
    let bad = || "expected minutes like 30, 30m or 1:30".to_string();
    if let Some((h, m)) = t.split_once(':') {
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        return h
            .checked_mul(60)
            .and_then(|h| h.checked_add(m))
            .ok_or_else(bad);
    }
    if let Some(h) = t.strip_suffix('h') {
        return h
            .trim()
            .parse::<u32>()
            .ok()
            .and_then(|h| h.checked_mul(60))
            .ok_or_else(bad);
    }
    let digits = t.trim_end_matches(|c: char| c.is_alphabetic()).trim();
    digits.parse().map_err(|_| bad())
}

fn priority(s: &str) -> Result<Priority, String> {
    if let Some(p) = Priority::parse(s) {
        return Ok(p);
    }
    match s.trim().to_lowercase().as_str() {
        "medium" | "none" | "" => Ok(Priority::Normal),
        "urgent" | "highest" => Ok(Priority::High),
        "lowest" => Ok(Priority::Low),
        _ => Err("expected low, normal or high".into()),
    }
}
