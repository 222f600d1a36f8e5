//! `rolo export ics`: open tasks as VTODO and meetings as VEVENT in one calendar a
//! calendar app can subscribe to. UIDs (`rolo-task-N@rolo`, `rolo-activity-N@rolo`) and
//! DTSTAMPs (the record's last change) are stable, so a cron job that regenerates the
//! file changes only what changed. Lines are escaped and folded per RFC 5545, with CRLF.

use std::io::Write;
use std::path::Path;

use crate::interchange::error::{InterchangeError, Result};
use crate::interchange::vcard::write::{escape, fold};
use crate::model::{Activity, ActivityKind, Instant, Priority, Task};
use crate::store::Queries;

/// A meeting without a duration is shown as this many minutes long.
const DEFAULT_MEETING_MINUTES: i64 = 30;

/// How many tasks and meetings were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IcsExport {
    /// VTODOs.
    pub tasks: usize,
    /// VEVENTs.
    pub meetings: usize,
}

fn utc(t: Instant) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn todo(t: &Task, out: &mut String) {
    let mut line = |l: String| out.push_str(&fold(&l));
    line("BEGIN:VTODO".into());
    line(format!("UID:rolo-task-{}@rolo", t.id));
    line(format!("DTSTAMP:{}", utc(t.updated)));
    line(format!("CREATED:{}", utc(t.created)));
    line(format!("LAST-MODIFIED:{}", utc(t.updated)));
    line(format!("SUMMARY:{}", escape(&t.title)));
    if let Some(due) = t.due {
        // The time of a due date is the user's wall-clock time: a floating DATE-TIME.
        line(match due.time {
            Some(time) => format!(
                "DUE:{}T{}",
                due.date.format("%Y%m%d"),
                time.format("%H%M%S")
            ),
            None => format!("DUE;VALUE=DATE:{}", due.date.format("%Y%m%d")),
        });
    }
    line(format!(
        "PRIORITY:{}",
        match t.priority {
            Priority::High => 1,
            Priority::Normal => 5,
            Priority::Low => 9,
        }
    ));
    line("STATUS:NEEDS-ACTION".into());
    let mut desc = t.notes.clone();
    if let Some(link) = t.link {
        if !desc.is_empty() {
            desc.push_str("\n\n");
        }
        desc.push_str(&format!("About {link} (rolo show {link})"));
    }
    if !desc.is_empty() {
        line(format!("DESCRIPTION:{}", escape(&desc)));
    }
    line("END:VTODO".into());
}

fn event(a: &Activity, out: &mut String) {
    let mut line = |l: String| out.push_str(&fold(&l));
    let minutes = a
        .duration_min
        .map(i64::from)
        .unwrap_or(DEFAULT_MEETING_MINUTES);
    line("BEGIN:VEVENT".into());
    line(format!("UID:rolo-activity-{}@rolo", a.id));
    line(format!("DTSTAMP:{}", utc(a.created)));
    line(format!("DTSTART:{}", utc(a.at)));
    let end =
        a.at.checked_add_signed(chrono::Duration::minutes(minutes))
            .unwrap_or(a.at);
    line(format!("DTEND:{}", utc(end)));
    line(format!("SUMMARY:{}", escape(&a.subject)));
    if !a.body.is_empty() {
        line(format!("DESCRIPTION:{}", escape(&a.body)));
    }
    line("END:VEVENT".into());
}

/// The calendar as text.
pub fn calendar<Q: Queries>(q: &Q) -> Result<(String, IcsExport)> {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//rolo//rolo CRM//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:rolo",
    ] {
        out.push_str(&fold(l));
    }
    let mut n = IcsExport::default();
    for t in q.all::<Task>()?.iter().filter(|t| t.is_open()) {
        todo(t, &mut out);
        n.tasks += 1;
    }
    for a in q
        .all::<Activity>()?
        .iter()
        .filter(|a| a.kind == ActivityKind::Meeting)
    {
        event(a, &mut out);
        n.meetings += 1;
    }
    out.push_str(&fold("END:VCALENDAR"));
    Ok((out, n))
}

/// Writes the calendar to `w`; `target` names the output in errors.
pub fn write_ics<Q: Queries>(q: &Q, w: &mut dyn Write, target: &Path) -> Result<IcsExport> {
    let (text, n) = calendar(q)?;
    w.write_all(text.as_bytes())
        .map_err(|source| InterchangeError::Io {
            path: target.to_path_buf(),
            source,
        })?;
    Ok(n)
}
