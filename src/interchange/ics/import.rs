//! `rolo import ics`: each VEVENT becomes a meeting activity on the contacts its
//! ORGANIZER and ATTENDEE emails match, in one transaction. The event's UID is the
//! activity's external id, so importing the same calendar again logs nothing twice.
//! A recurring event is logged once, at its first occurrence, with the rule in words in
//! the body; cancelled events and events with no known attendee are left out and listed.

use crate::model::words::plural;
use std::path::Path;

use serde::Serialize;

use super::event::{self, Event};
use super::time::{self, When};
use crate::interchange::error::{InterchangeError, Result, RowError};
use crate::interchange::vcard::lines;
use crate::model::{Activity, ActivityKind};
use crate::ops;
use crate::store::{Queries, Store, Tx};

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct IcsOptions {
    /// Log the good events and report the bad ones (default: log nothing).
    pub skip_invalid: bool,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
}

/// One event logged.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedEvent {
    /// The new activity (`A-id`).
    pub activity: u64,
    /// Its subject.
    pub subject: String,
    /// The contacts it is on.
    pub contacts: Vec<u64>,
}

/// What an iCalendar import did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IcsReport {
    /// Events in the file.
    pub events: usize,
    /// Events logged as meetings.
    pub logged: Vec<LoggedEvent>,
    /// Events already logged by an earlier import (same UID).
    pub already_logged: Vec<String>,
    /// Events left out on purpose, with the reason (no known attendee, cancelled).
    pub ignored: Vec<String>,
    /// Events that could not be read.
    pub skipped: Vec<RowError>,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The revision after the import (none when nothing changed).
    pub revision: Option<u64>,
}

impl IcsReport {
    /// "4 meetings logged, 1 already logged, 2 left out, 1 skipped".
    pub fn summary(&self) -> String {
        let verb = if self.dry_run { "would be " } else { "" };
        format!(
            "{} of {} {verb}logged as meetings, {} already logged, {} left out, {} skipped",
            self.logged.len(),
            plural(self.events, "event"),
            self.already_logged.len(),
            self.ignored.len(),
            self.skipped.len()
        )
    }
}

/// An event read and checked, ready to log.
struct Ready {
    event: Event,
    start: When,
    minutes: Option<i64>,
}

fn check(e: Event) -> std::result::Result<Ready, String> {
    let start_prop = e.start.as_ref().ok_or("has no DTSTART")?;
    let start = time::when(start_prop)?;
    let end = e.end.as_ref().map(time::when).transpose()?;
    let minutes = match (start, end) {
        (When::Day(a), Some(When::Day(b))) => Some((b - a).num_days().max(1) * 1440),
        (When::Day(_), _) => Some(1440),
        (s, Some(end)) => Some((end.instant() - s.instant()).num_minutes()),
        (_, None) => e.duration.as_deref().and_then(time::duration_minutes),
    };
    Ok(Ready {
        event: e,
        start,
        minutes: minutes.filter(|m| *m > 0),
    })
}

fn body(r: &Ready) -> String {
    let e = &r.event;
    let mut parts = Vec::new();
    if let Some(d) = &e.description {
        parts.push(d.clone());
    }
    if let Some(l) = &e.location {
        parts.push(format!("Location: {l}"));
    }
    if let When::Day(d) = r.start {
        parts.push(format!("All-day event on {d}."));
    }
    if let Some(rule) = &e.rrule {
        parts.push(format!(
            "This event {}; only its first occurrence ({}) is logged.",
            time::recurrence(rule),
            r.start.instant().format("%Y-%m-%d")
        ));
    }
    parts.join("\n\n")
}

fn log_event(tx: &mut Tx, r: Ready, report: &mut IcsReport) -> crate::Result<()> {
    let label = r.event.label();
    let external = r.event.uid.clone().unwrap_or_else(|| {
        format!(
            "ics-no-uid:{}:{}",
            r.start.instant().timestamp(),
            r.event.summary.clone().unwrap_or_default()
        )
    });
    if tx.activity_by_external(&external)?.is_some() {
        report.already_logged.push(label);
        return Ok(());
    }
    if r.event.status.as_deref() == Some("CANCELLED") {
        report.ignored.push(format!("{label}: cancelled"));
        return Ok(());
    }
    let mut contacts = Vec::new();
    for email in &r.event.emails {
        if let Some(id) = tx.contact_by_email(email)?
            && !contacts.contains(&id)
        {
            contacts.push(id);
        }
    }
    if contacts.is_empty() {
        let who = if r.event.emails.is_empty() {
            "it has no attendees".to_string()
        } else {
            format!(
                "no attendee is a rolo contact ({})",
                r.event.emails.join(", ")
            )
        };
        report.ignored.push(format!("{label}: {who}"));
        return Ok(());
    }
    let a = ops::log_in(
        tx,
        Activity {
            kind: ActivityKind::Meeting,
            subject: r
                .event
                .summary
                .clone()
                .unwrap_or_else(|| "(untitled meeting)".into()),
            body: body(&r),
            at: r.start.instant(),
            duration_min: r.minutes.and_then(|m| u32::try_from(m).ok()),
            contacts,
            external_id: Some(external),
            ..Activity::default()
        },
    )?;
    report.logged.push(LoggedEvent {
        activity: a.id,
        subject: a.subject,
        contacts: a.contacts,
    });
    Ok(())
}

/// Imports the iCalendar file at `path`.
pub fn import_ics(store: &Store, path: &Path, opts: IcsOptions) -> Result<IcsReport> {
    let bytes = std::fs::read(path).map_err(|source| InterchangeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = lines::read_text(path, &bytes, "an iCalendar (.ics) file")?;
    let props = lines::properties(&text);
    if !props
        .iter()
        .any(|p| p.name == "BEGIN" && p.value.trim().eq_ignore_ascii_case("VCALENDAR"))
    {
        return Err(InterchangeError::Malformed {
            path: path.to_path_buf(),
            line: 1,
            detail: "no BEGIN:VCALENDAR found: this is not an iCalendar file".into(),
        });
    }
    let (events, broken) = event::events(props);
    let mut report = IcsReport {
        events: events.len() + broken.len(),
        dry_run: opts.dry_run,
        ..IcsReport::default()
    };
    for b in broken {
        report.skipped.push(RowError::row(
            b.line,
            format!(
                "event {} has no END:VEVENT (the file looks truncated)",
                b.number
            ),
        ));
    }
    let mut ready = Vec::new();
    for e in events {
        let (line, label) = (e.line, e.label());
        match check(e) {
            Ok(r) => ready.push(r),
            Err(why) => report
                .skipped
                .push(RowError::row(line, format!("{label}: {why}"))),
        }
    }
    let invalid = |rows: Vec<RowError>| InterchangeError::InvalidRows {
        path: path.to_path_buf(),
        rows,
    };
    if !report.skipped.is_empty() && !opts.skip_invalid && !opts.dry_run {
        return Err(invalid(report.skipped));
    }
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = store.write("import.ics", |tx| {
        for r in ready {
            log_event(tx, r, &mut report)?;
        }
        tx.describe(format!(
            "imported {} from {file}",
            plural(report.logged.len(), "meeting")
        ));
        if opts.dry_run {
            return Err(crate::Error::Conflict("dry run".into()));
        }
        Ok(())
    });
    match result {
        Ok(c) => {
            report.revision = c.changed.then_some(c.rev);
            Ok(report)
        }
        Err(_) if opts.dry_run => Ok(report),
        Err(e) => Err(e.into()),
    }
}
