//! Activities and tasks from a row: kind, time, duration, direction, due date,
//! priority, done; what they are logged on or linked to stays as text.

use super::{Cells, Draft, DraftRow};
use crate::interchange::csv_import::field::Field;
use crate::interchange::csv_import::html;
use crate::interchange::csv_import::values::{self, split_multi};
use crate::interchange::error::RowError;
use chrono::TimeZone;

use crate::model::{Activity, ActivityKind, Direction, Priority, Task};

/// An activity row.
pub fn activity(mut c: Cells<'_>) -> Result<DraftRow, Vec<RowError>> {
    let subject = c.text(&Field::Title).unwrap_or_default();
    let body = c
        .text(&Field::Notes)
        .map(|b| {
            if html::looks_like_html(&b) {
                html::to_text(&b)
            } else {
                b
            }
        })
        .unwrap_or_default();
    if subject.is_empty() && body.is_empty() {
        c.fail_row("no subject and no text: an activity needs one");
    }
    let contacts: Vec<String> = c
        .each(|f| *f == Field::Contact)
        .into_iter()
        .flat_map(|(_, _, v)| split_multi(v).map(str::to_string).collect::<Vec<_>>())
        .collect();
    let mut at = c.parsed(&Field::At, values::instant);
    let time = c.parsed(&Field::AtTime, values::time);
    if let (Some(t), Some(day)) = (time, at) {
        at = Some(chrono::Utc.from_utc_datetime(&day.date_naive().and_time(t)));
    }
    // Pipedrive's "To do" activities are work still to do: tasks, not history.
    if c.parsed(&Field::Done, values::flag) == Some(false) {
        return to_do(c, subject, body, at, time.is_some(), contacts);
    }
    let activity = Activity {
        kind: c
            .parsed(&Field::ActivityKind, activity_kind)
            .unwrap_or_default(),
        subject,
        body,
        at: at.unwrap_or_default(),
        duration_min: c.parsed(&Field::Duration, minutes),
        direction: c.parsed(&Field::Direction, direction),
        author: c.text(&Field::Owner).unwrap_or_default(),
        external_id: c.text(&Field::ExternalId).map(|x| pipedrive_id(&c, x)),
        ..Activity::default()
    };
    let draft = Draft::Activity {
        activity,
        contacts,
        company: c.text(&Field::Company),
        deal: c.text(&Field::Deal),
    };
    c.finish(draft, None)
}

/// An activity not done yet, as a task due when the activity was planned, assigned to
/// its owner, linked to its deal, else its contact, else its company.
fn to_do(
    c: Cells<'_>,
    subject: String,
    body: String,
    at: Option<crate::model::Instant>,
    timed: bool,
    contacts: Vec<String>,
) -> Result<DraftRow, Vec<RowError>> {
    let title = if subject.is_empty() {
        crate::model::text::tidy(body.lines().next().unwrap_or(""))
    } else {
        subject
    };
    let task = Task {
        title,
        due: at.map(|t| crate::model::Due {
            date: t.date_naive(),
            time: (timed || t.time() != chrono::NaiveTime::MIN).then(|| t.time()),
        }),
        assignee: c.text(&Field::Owner).unwrap_or_default(),
        notes: body,
        ..Task::default()
    };
    let mut task = task;
    if let Some(x) = c.text(&Field::ExternalId) {
        let id = pipedrive_id(&c, x);
        let key = if id.starts_with("pipedrive-") {
            "pipedrive"
        } else {
            "external"
        };
        task.source_ids.insert(key.to_string(), id);
    }
    let draft = Draft::Task {
        task,
        link: None,
        contact: contacts.into_iter().next(),
        company: c.text(&Field::Company),
        deal: c.text(&Field::Deal),
    };
    c.finish(draft, None)
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

/// Pipedrive's note and activity ids are numbers: prefixed with what they number
/// ("pipedrive-note-301") they cannot meet a Message-ID or another product's id.
fn pipedrive_id(c: &Cells<'_>, id: String) -> String {
    let header = c
        .header_of(&Field::ExternalId)
        .map(super::super::headers::normalise);
    match header.as_deref() {
        Some("noteid") => format!("pipedrive-note-{id}"),
        Some("activityid") => format!("pipedrive-activity-{id}"),
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
        "comment" | "task" => Ok(ActivityKind::Note),
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
