//! Holidays from an iCalendar file (a country's public holidays, a company's closing
//! days): every VEVENT's DTSTART date, named by its SUMMARY. An all-day event lasting
//! several days (DTEND or DURATION) closes each of its days. Content lines are read by
//! the lexer vCard and iCalendar imports share ([`crate::interchange::vcard::lines`]);
//! unlike the meeting import, a line that cannot be read refuses the whole file, with
//! its line number, since a half-read list of closed days is worse than none.
//!
//! The date is the one written: a DATE-TIME (in UTC or any zone) closes the day it
//! names, whatever the calendar's zone. Recurrence rules are not expanded (holiday
//! feeds list each year's dates); cancelled events are left out.

use chrono::NaiveDate;

use super::SlaError;
use crate::interchange::ics::event::{Event, events};
use crate::interchange::ics::time::duration_minutes;
use crate::interchange::vcard::lines::{Property, decode_charset, properties};
use crate::model::Holiday;

/// The longest event read as consecutive closed days.
const MAX_DAYS: i64 = 366;

fn at_line(line: u64, reason: impl Into<String>) -> SlaError {
    SlaError::new(format!("line {line}"), reason)
}

/// The holidays in an iCalendar file, by date, one per day (the first name wins).
pub fn holidays_from_ics(bytes: &[u8]) -> Result<Vec<Holiday>, SlaError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(nul) = bytes.iter().position(|b| *b == 0) {
        let line = 1 + bytes[..nul].iter().filter(|b| **b == b'\n').count() as u64;
        return Err(at_line(line, "binary data, not an iCalendar (.ics) file"));
    }
    let text = decode_charset(bytes, None);
    check_lines(&text)?;
    let props = properties(&text);
    match props.first() {
        Some(p) if p.name == "BEGIN" && p.value.trim().eq_ignore_ascii_case("VCALENDAR") => {}
        first => {
            return Err(at_line(
                first.map_or(1, |p| p.line),
                "not an iCalendar file: it should begin with BEGIN:VCALENDAR",
            ));
        }
    }
    let (found, broken) = events(props);
    if let Some(b) = broken.first() {
        return Err(at_line(
            b.line,
            "this event never ends (END:VEVENT is missing)",
        ));
    }
    let mut out: Vec<Holiday> = Vec::new();
    for event in &found {
        if event.status.as_deref() == Some("CANCELLED") {
            continue;
        }
        let name = event.summary.clone().unwrap_or_default();
        for date in days(event)? {
            out.push(Holiday {
                date,
                name: name.clone(),
            });
        }
    }
    out.sort_by_key(|h| h.date);
    out.dedup_by_key(|h| h.date);
    Ok(out)
}

/// Refuses a line that is neither a content line (`NAME:value`) nor a continuation.
fn check_lines(text: &str) -> Result<(), SlaError> {
    let mut started = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let continued = line.starts_with([' ', '\t']);
        if continued && started {
            continue;
        }
        if continued || !line.contains(':') {
            return Err(at_line(
                i as u64 + 1,
                format!(
                    "\"{}\" is not an iCalendar line (NAME:value)",
                    crate::interchange::error::shorten(line.trim(), 40)
                ),
            ));
        }
        started = true;
    }
    Ok(())
}

/// The days an event closes.
fn days(event: &Event) -> Result<Vec<NaiveDate>, SlaError> {
    let Some(start) = &event.start else {
        return Err(at_line(event.line, "this event has no DTSTART"));
    };
    let (first, all_day) = date(start)?;
    let mut count = 1i64;
    if all_day {
        if let Some(end) = &event.end {
            let (last, _) = date(end)?;
            count = (last - first).num_days().max(1);
        } else if let Some(d) = &event.duration {
            let minutes = duration_minutes(d).ok_or_else(|| {
                at_line(event.line, format!("DURATION \"{d}\" is not a duration"))
            })?;
            count = (minutes / 1440).max(1);
        }
    }
    if count > MAX_DAYS {
        return Err(at_line(
            start.line,
            format!("this event lasts {count} days; a holiday lasts at most a year"),
        ));
    }
    Ok((0..count)
        .filter_map(|i| first.checked_add_signed(chrono::TimeDelta::days(i)))
        .collect())
}

/// The date a DTSTART or DTEND names, and whether it is a DATE (all day).
fn date(p: &Property) -> Result<(NaiveDate, bool), SlaError> {
    let v = p.value.trim();
    let all_day = p
        .param("VALUE")
        .is_some_and(|x| x.eq_ignore_ascii_case("DATE"))
        || !v.contains(['T', 't']);
    v.get(..8)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
        .filter(|_| !all_day || v.len() == 8)
        .map(|d| (d, all_day))
        .ok_or_else(|| {
            at_line(
                p.line,
                format!(
                    "{} \"{}\" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS)",
                    p.name,
                    crate::interchange::error::shorten(v, 40)
                ),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    const FEED: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
        BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261227\r\n\
        SUMMARY:Christmas\r\n  holidays\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nDTSTART:20260501T000000Z\r\nSUMMARY:Labour Day\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261003T090000\r\nSUMMARY:Unity\\, Day\r\n\
        BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261231\r\nDURATION:P1D\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n";

    #[test]
    fn reads_dates_names_and_multi_day_events() {
        let h = holidays_from_ics(FEED.as_bytes()).unwrap();
        let got: Vec<_> = h.iter().map(|h| (h.date, h.name.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (d(5, 1), "Labour Day"),
                (d(10, 3), "Unity, Day"),
                (d(12, 25), "Christmas holidays"),
                (d(12, 26), "Christmas holidays"),
                (d(12, 31), ""),
            ]
        );
    }

    #[test]
    fn a_malformed_file_is_refused_with_its_line() {
        let e = holidays_from_ics(b"hello world").unwrap_err();
        assert_eq!(e.field, "line 1");
        let e = holidays_from_ics(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2026\nEND:VEVENT\n")
            .unwrap_err();
        assert_eq!(e.field, "line 3");
        assert!(e.reason.contains("DTSTART"), "{e}");
        let e = holidays_from_ics(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n")
            .unwrap_err();
        assert_eq!(e.field, "line 2");
        let e =
            holidays_from_ics(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261225\n").unwrap_err();
        assert!(e.reason.contains("END:VEVENT"), "{e}");
        let e = holidays_from_ics(b"BEGIN:VCALENDAR\nnot a line\nEND:VCALENDAR\n").unwrap_err();
        assert_eq!(e.field, "line 2");
        let e = holidays_from_ics(b"VERSION:2.0\n").unwrap_err();
        assert!(e.reason.contains("BEGIN:VCALENDAR"), "{e}");
        assert!(holidays_from_ics(b"BEGIN:VCALENDAR\n\0").is_err());
    }

    #[test]
    fn an_empty_calendar_has_no_holidays() {
        let h = holidays_from_ics(b"\xEF\xBB\xBFBEGIN:VCALENDAR\nEND:VCALENDAR\n").unwrap();
        assert!(h.is_empty());
    }
}
