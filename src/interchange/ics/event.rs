//! VEVENTs of an iCalendar file: the properties that matter for logging a meeting,
//! read from the content lines, ignoring nested components (VALARM) and everything
//! else (VTIMEZONE definitions: zones are read from their names). An event that never
//! ends (a truncated file) is reported as broken.

use crate::interchange::vcard::lines::{Property, unescape};

/// One VEVENT.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// Its position among the file's events (1-based).
    pub number: usize,
    /// The line of its `BEGIN:VEVENT`.
    pub line: u64,
    /// UID.
    pub uid: Option<String>,
    /// SUMMARY, unescaped.
    pub summary: Option<String>,
    /// DESCRIPTION, unescaped.
    pub description: Option<String>,
    /// LOCATION, unescaped.
    pub location: Option<String>,
    /// DTSTART.
    pub start: Option<Property>,
    /// DTEND.
    pub end: Option<Property>,
    /// DURATION (`PT1H`).
    pub duration: Option<String>,
    /// RRULE (`FREQ=WEEKLY;BYDAY=MO`).
    pub rrule: Option<String>,
    /// STATUS (`CANCELLED`), upper-case.
    pub status: Option<String>,
    /// ORGANIZER then ATTENDEE emails, lower-case, without duplicates.
    pub emails: Vec<String>,
}

impl Event {
    /// "event 3 \"Kick-off\"" for messages.
    pub fn label(&self) -> String {
        match &self.summary {
            Some(s) => format!(
                "event {} \"{}\"",
                self.number,
                crate::interchange::error::shorten(s, 60)
            ),
            None => format!("event {}", self.number),
        }
    }
}

/// An event that could not be read whole.
#[derive(Debug, Clone)]
pub struct BrokenEvent {
    /// Its position (1-based).
    pub number: usize,
    /// The line of its `BEGIN:VEVENT`.
    pub line: u64,
}

/// The email of an ORGANIZER or ATTENDEE: its `mailto:` value, or its EMAIL parameter.
fn email_of(p: &Property) -> Option<String> {
    let v = p.value.trim();
    let addr = match (v.get(..7), v.get(7..)) {
        (Some(scheme), Some(rest)) if scheme.eq_ignore_ascii_case("mailto:") => rest,
        _ => p.param("EMAIL")?,
    };
    let addr = addr.trim().to_lowercase();
    addr.contains('@').then_some(addr)
}

/// The events in `props`, and those cut off by the end of the file.
pub fn events(props: Vec<Property>) -> (Vec<Event>, Vec<BrokenEvent>) {
    let (mut out, mut broken) = (Vec::new(), Vec::new());
    let mut stack: Vec<String> = Vec::new();
    let mut current: Option<Event> = None;
    let mut number = 0;
    for p in props {
        match p.name.as_str() {
            "BEGIN" => {
                let what = p.value.trim().to_ascii_uppercase();
                if what == "VEVENT" && current.is_none() {
                    number += 1;
                    current = Some(Event {
                        number,
                        line: p.line,
                        ..Event::default()
                    });
                    stack.clear();
                }
                stack.push(what);
            }
            "END" => {
                let what = p.value.trim().to_ascii_uppercase();
                if let Some(i) = stack.iter().rposition(|s| *s == what) {
                    stack.truncate(i);
                }
                if what == "VEVENT"
                    && stack.is_empty()
                    && let Some(e) = current.take()
                {
                    out.push(e);
                }
            }
            _ => {
                // Only the event's own lines, not its alarms'.
                if stack.len() != 1 {
                    continue;
                }
                let Some(e) = &mut current else { continue };
                let text = || Some(unescape(&p.value).trim().to_string()).filter(|s| !s.is_empty());
                match p.name.as_str() {
                    "UID" => e.uid = text(),
                    "SUMMARY" => e.summary = text(),
                    "DESCRIPTION" => e.description = text(),
                    "LOCATION" => e.location = text(),
                    "DTSTART" => e.start = Some(p.clone()),
                    "DTEND" => e.end = Some(p.clone()),
                    "DURATION" => e.duration = Some(p.value.trim().to_string()),
                    "RRULE" => e.rrule = Some(p.value.trim().to_string()),
                    "STATUS" => e.status = Some(p.value.trim().to_ascii_uppercase()),
                    "ORGANIZER" | "ATTENDEE" => {
                        if let Some(a) = email_of(&p)
                            && !e.emails.contains(&a)
                        {
                            e.emails.push(a);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some(e) = current {
        broken.push(BrokenEvent {
            number: e.number,
            line: e.line,
        });
    }
    (out, broken)
}
