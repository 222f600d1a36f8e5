//! Reading cell values the way other products write them: dates and times (ISO 8601,
//! HubSpot's "2024-03-15 10:22", Salesforce's "3/15/2024 10:22 AM", European
//! "15.03.2024"), amounts with either decimal mark, Google's ` ::: ` multi-value cells,
//! yes/no flags. Every reader returns a message saying what is accepted.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use crate::model::money::parse_amount;
use crate::model::{Currency, Instant};

const DATE_HINT: &str =
    "expected a date like 2026-03-15, 15.03.2026, 3/15/2026 or 2026-03-15 10:22";

/// Splits a multi-value cell: Google's ` ::: `, and for lists also `;` and newlines.
pub fn split_multi(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(":::")
        .flat_map(|v| v.split(['\n', ';']))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Splits a tags cell: ` ::: `, `;` and `,`; Google's "* myContacts" system label is dropped.
pub fn split_tags(cell: &str) -> impl Iterator<Item = String> {
    cell.split(":::")
        .flat_map(|v| v.split([';', ',', '\n']))
        .map(|t| t.trim().trim_start_matches('*').trim())
        .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("mycontacts"))
        .map(str::to_string)
}

fn date_only(s: &str) -> Option<NaiveDate> {
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d.%m.%y", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    // Slashes: US month/day unless the first number cannot be a month.
    let parts: Vec<&str> = s.split('/').collect();
    if let [a, b, y] = parts[..] {
        let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
        let y = if y < 100 { 2000 + y } else { y };
        return if a > 12 {
            NaiveDate::from_ymd_opt(y, b, a)
        } else {
            NaiveDate::from_ymd_opt(y, a, b)
        };
    }
    None
}

/// Reads a time of day: "14:30", "14:30:00", "2:30 PM".
pub fn time_of_day(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    for fmt in ["%H:%M:%S%.f", "%H:%M", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p"] {
        if let Ok(t) = NaiveTime::parse_from_str(&s.to_uppercase(), fmt) {
            return Some(t);
        }
    }
    None
}

/// Reads a time of day ("09:30", "9:30 AM").
pub fn time(cell: &str) -> Result<NaiveTime, String> {
    time_of_day(cell).ok_or_else(|| "expected a time of day like 09:30 or 9:30 AM".to_string())
}

/// Reads an instant; times without a zone are taken as UTC.
pub fn instant(cell: &str) -> Result<Instant, String> {
    let s = cell.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    // "2024-03-06 09:15:00 +0100", and Salesforce's "2024-03-06T09:15:00.000+0000".
    for fmt in ["%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%dT%H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    // Epoch milliseconds (13 digits) or seconds (10 digits).
    if s.bytes().all(|b| b.is_ascii_digit()) && (s.len() == 10 || s.len() == 13) {
        let n: i64 = s.parse().map_err(|_| DATE_HINT.to_string())?;
        let ms = if s.len() == 10 { n * 1000 } else { n };
        return Utc
            .timestamp_millis_opt(ms)
            .single()
            .ok_or_else(|| DATE_HINT.to_string());
    }
    let (day, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let day = date_only(day).ok_or_else(|| DATE_HINT.to_string())?;
    let time = match time {
        Some(t) => time_of_day(t).ok_or_else(|| DATE_HINT.to_string())?,
        None => NaiveTime::MIN,
    };
    Ok(Utc.from_utc_datetime(&day.and_time(time)))
}

/// Reads a calendar date (a time after it is ignored).
pub fn date(cell: &str) -> Result<NaiveDate, String> {
    let s = cell.trim();
    if let Some(d) = date_only(s) {
        return Ok(d);
    }
    instant(s).map(|t| t.date_naive())
}

/// Reads a date with an optional time, for a task's due date.
pub fn due(cell: &str) -> Result<crate::model::Due, String> {
    let s = cell.trim();
    if let Some(d) = date_only(s) {
        return Ok(crate::model::Due {
            date: d,
            time: None,
        });
    }
    let t = instant(s)?;
    let time = t.time();
    Ok(crate::model::Due {
        date: t.date_naive(),
        time: (time != NaiveTime::MIN).then_some(time),
    })
}

/// Reads an amount in `currency`; a currency code before or after the number (Salesforce's
/// "USD 12,500.00") and a decimal comma ("12.500,50", "99,5") are understood.
pub fn amount(cell: &str, currency: Currency) -> Result<i64, String> {
    let mut s = cell.trim().replace(['\u{a0}', ' '], "");
    for code in [currency.code()] {
        if let Some(rest) = s.strip_prefix(code) {
            s = rest.to_string();
        } else if let Some(rest) = s.strip_suffix(code) {
            s = rest.to_string();
        }
    }
    let comma = s.rfind(',');
    let dot = s.rfind('.');
    let decimal_comma = match (comma, dot) {
        (Some(c), Some(d)) => c > d,
        (Some(c), None) => s.len() - c - 1 <= 2 && s.matches(',').count() == 1,
        _ => false,
    };
    if decimal_comma {
        s = s.replace('.', "").replace(',', ".");
    }
    parse_amount(&s, currency).map_err(|e| e.to_string())
}

/// A currency code written at the start or end of an amount ("USD 12,500").
pub fn currency_in(cell: &str) -> Option<Currency> {
    let s = cell.trim();
    let head = s
        .get(..3)
        .filter(|h| h.bytes().all(|b| b.is_ascii_uppercase()));
    let tail = s
        .get(s.len().saturating_sub(3)..)
        .filter(|t| t.bytes().all(|b| b.is_ascii_uppercase()));
    head.or(tail).and_then(|c| Currency::parse(c).ok())
}

/// The web domain of a website cell: "https://www.Acme.com/en?x=1" → "acme.com". What
/// is left is checked by the ops layer like any domain.
pub fn domain(cell: &str) -> String {
    let s = cell.trim();
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let host = s.split(['/', '?', '#']).next().unwrap_or(s);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    host.trim_start_matches("www.").to_lowercase()
}

/// Reads a whole percentage 0–100 ("40", "40%", "40.0").
pub fn percent(cell: &str) -> Result<u8, String> {
    let s = cell.trim().trim_end_matches('%').trim();
    let whole = s.split_once(['.', ',']).map(|(w, _)| w).unwrap_or(s);
    whole
        .parse::<u8>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| "expected a percentage from 0 to 100".to_string())
}

/// Reads "A=B" pairs from options like `--map-stage "Old=New,Other=New"` (each given
/// once or several times, comma-separated); a part that is not a pair with both sides
/// is returned as the error.
pub fn pairs(specs: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in specs
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part.rsplit_once('=') {
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
                out.push((from.trim().to_string(), to.trim().to_string()));
            }
            _ => return Err(part.to_string()),
        }
    }
    Ok(out)
}

/// Reads yes/no, true/false, done/open, completed/not started, 1/0.
pub fn flag(cell: &str) -> Result<bool, String> {
    match cell.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "done" | "completed" | "complete" | "closed"
        | "held" => Ok(true),
        "no"
        | "n"
        | "false"
        | "0"
        | "open"
        | "not started"
        | "not_started"
        | "in progress"
        | "in_progress"
        | "pending"
        | "waiting"
        | "waiting on someone else"
        | "deferred"
        | "to do"
        | "todo"
        | "to-do"
        | "not done"
        | "scheduled" => Ok(false),
        _ => Err("expected yes/no, true/false, done/open or completed/not started".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_several_products() {
        let d = |s| date(s).unwrap().to_string();
        assert_eq!(d("2026-03-15"), "2026-03-15");
        assert_eq!(d("3/15/2026"), "2026-03-15");
        assert_eq!(d("15/03/2026"), "2026-03-15");
        assert_eq!(d("15.03.2026"), "2026-03-15");
        assert_eq!(d("2026-03-15 10:22"), "2026-03-15");
        let t = instant("3/15/2026 10:22 AM").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-03-15T10:22:00+00:00");
        assert_eq!(instant("2026-03-15T10:22:00.000Z").unwrap(), t);
        // Salesforce's Data Loader: an offset without a colon.
        assert_eq!(instant("2026-03-15T10:22:00.000+0000").unwrap(), t);
        assert_eq!(instant("2026-03-15T11:22:00.000+0100").unwrap(), t);
        assert!(date("31/02/2026").is_err());
        assert!(date("soon").unwrap_err().contains("expected a date"));
    }

    #[test]
    fn amounts_with_either_decimal_mark() {
        assert_eq!(amount("12,500.50", Currency::EUR), Ok(1_250_050));
        assert_eq!(amount("12.500,50", Currency::EUR), Ok(1_250_050));
        assert_eq!(amount("99,5", Currency::EUR), Ok(9_950));
        assert_eq!(amount("USD 1,200", Currency::USD), Ok(120_000));
        assert_eq!(currency_in("USD 1,200"), Some(Currency::USD));
        assert!(amount("lots", Currency::EUR).is_err());
    }

    #[test]
    fn websites_give_their_domain() {
        assert_eq!(domain("https://www.Acme.com/en?x=1"), "acme.com");
        assert_eq!(domain("acme.io"), "acme.io");
        assert_eq!(
            domain("http://shop.example.org:8080/#top"),
            "shop.example.org"
        );
    }

    #[test]
    fn multi_values() {
        let v: Vec<_> = split_multi("a@x.com ::: b@y.com").collect();
        assert_eq!(v, ["a@x.com", "b@y.com"]);
        let t: Vec<_> = split_tags("* myContacts ::: VIP, Friends").collect();
        assert_eq!(t, ["VIP", "Friends"]);
    }
}
