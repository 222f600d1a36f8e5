//! Times of an iCalendar event: DATE (an all-day event: the day at 00:00 local time),
//! DATE-TIME in UTC (`...Z`), with a TZID (IANA or Windows name), or floating (read in
//! the local time zone); DURATION values; and RRULEs put into words.

use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::zones::zone;
use crate::interchange::vcard::lines::Property;
use crate::model::Instant;

/// When an event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// An all-day event's day.
    Day(NaiveDate),
    /// A moment.
    At(Instant),
}

impl When {
    /// The instant: an all-day event starts at 00:00 local time.
    pub fn instant(self) -> Instant {
        match self {
            When::At(i) => i,
            When::Day(d) => local(d.and_hms_opt(0, 0, 0).unwrap_or_default()),
        }
    }
}

fn local(t: NaiveDateTime) -> Instant {
    Local
        .from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            // A time in a daylight-saving gap does not exist: take the hour after.
            let later = t.checked_add_signed(chrono::Duration::hours(1))?;
            Local.from_local_datetime(&later).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&t))
}

/// Reads DTSTART or DTEND; the error names what is wrong (an unknown TZID, a bad value).
pub fn when(p: &Property) -> Result<When, String> {
    let v = p.value.trim();
    let bad = || {
        format!(
            "{} \"{}\" is not a date or date-time",
            p.name,
            crate::interchange::error::shorten(v, 40)
        )
    };
    let is_date = p
        .param("VALUE")
        .is_some_and(|x| x.eq_ignore_ascii_case("DATE"))
        || (v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()));
    if is_date {
        return NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(When::Day)
            .map_err(|_| bad());
    }
    let (text, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(t) => (t, true),
        None => (v, false),
    };
    let t = NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M"))
        .map_err(|_| bad())?;
    if utc {
        return Ok(When::At(Utc.from_utc_datetime(&t)));
    }
    match p.param("TZID") {
        Some(id) => {
            let tz = zone(id).ok_or_else(|| {
                format!(
                    "unknown time zone TZID=\"{}\" (use an IANA name such as Europe/Berlin or a Windows name such as W. Europe Standard Time)",
                    crate::interchange::error::shorten(id, 60)
                )
            })?;
            let at = tz
                .from_local_datetime(&t)
                .earliest()
                .or_else(|| {
                    let later = t.checked_add_signed(chrono::Duration::hours(1))?;
                    tz.from_local_datetime(&later).earliest()
                })
                .ok_or_else(bad)?;
            Ok(When::At(at.with_timezone(&Utc)))
        }
        None => Ok(When::At(local(t))),
    }
}

/// Minutes in a DURATION (`PT1H30M`, `P1D`, `P2W`, `-PT15M` → none); `None` when unreadable.
pub fn duration_minutes(v: &str) -> Option<i64> {
    let v = v.trim().strip_prefix('+').unwrap_or(v.trim());
    let rest = v.strip_prefix('P')?;
    let (mut total, mut num, mut in_time) = (0i64, String::new(), false);
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => num.push(c),
            unit => {
                let n: i64 = num.parse().ok()?;
                num.clear();
                let minutes = match (unit, in_time) {
                    ('W', false) => n.checked_mul(7 * 1440)?,
                    ('D', false) => n.checked_mul(1440)?,
                    ('H', true) => n.checked_mul(60)?,
                    ('M', true) => n,
                    ('S', true) => n / 60,
                    _ => return None,
                };
                total = total.checked_add(minutes)?;
            }
        }
    }
    num.is_empty().then_some(total)
}

/// An RRULE in words: "repeats weekly", "repeats every 2 months, 10 times".
pub fn recurrence(rrule: &str) -> String {
    let mut freq = "";
    let (mut interval, mut count, mut until) = (1u32, None, None);
    for part in rrule.split(';') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = v.trim(),
            "INTERVAL" => interval = v.trim().parse().unwrap_or(1).max(1),
            "COUNT" => count = v.trim().parse::<u32>().ok(),
            "UNTIL" => {
                until = v
                    .get(..8)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
            }
            _ => {}
        }
    }
    let (one, many) = match freq.to_ascii_uppercase().as_str() {
        "DAILY" => ("daily", "days"),
        "WEEKLY" => ("weekly", "weeks"),
        "MONTHLY" => ("monthly", "months"),
        "YEARLY" => ("yearly", "years"),
        "HOURLY" => ("hourly", "hours"),
        _ => ("", ""),
    };
    let mut s = match (one, interval) {
        ("", _) => "repeats".to_string(),
        (o, 1) => format!("repeats {o}"),
        (_, n) => format!("repeats every {n} {many}"),
    };
    if let Some(c) = count {
        s.push_str(&format!(", {c} times"));
    }
    if let Some(u) = until {
        s.push_str(&format!(", until {u}"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_rules_read() {
        assert_eq!(duration_minutes("PT1H30M"), Some(90));
        assert_eq!(duration_minutes("P1D"), Some(1440));
        assert_eq!(duration_minutes("P1W"), Some(10080));
        assert_eq!(duration_minutes("nonsense"), None);
        assert_eq!(recurrence("FREQ=WEEKLY;BYDAY=MO"), "repeats weekly");
        assert_eq!(
            recurrence("FREQ=MONTHLY;INTERVAL=2;COUNT=10"),
            "repeats every 2 months, 10 times"
        );
    }
}
