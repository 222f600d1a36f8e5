//! Natural-language dates: turning what people type for due dates and snoozes
//! ("fri 14:00", "+3d", "next week", "dec 1") into calendar dates, and showing dates
//! back relative to today ("tomorrow", "5d ago"). This module never reads the clock:
//! every function takes `today` from the caller, so results are reproducible.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

const DATE_EXAMPLES: &str =
    "today, tomorrow, fri, next fri, +3d, in 2 weeks, next week, eom, dec 1, 2026-12-01";
const OFFSET_EXAMPLES: &str = "2d, +3d, 1w, 2 weeks, 1m";

/// Why a date, due date or snooze offset could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text matched no known date form.
    #[error("can't read {0:?} as a date; try {DATE_EXAMPLES}")]
    Unrecognized(String),
    /// The text looked like a date but names a day that does not exist.
    #[error("{0:?} is not a real calendar date; try {DATE_EXAMPLES}")]
    NoSuchDate(String),
    /// The date lies outside the range the calendar can represent.
    #[error("{0:?} is too far from today; try {DATE_EXAMPLES}")]
    OutOfRange(String),
    /// The text ends in something time-like that is not a valid time of day.
    #[error("can't read {0:?} as a time of day; try 14:00, 9:05am, 3pm or noon")]
    BadTime(String),
    /// The text is not a snooze offset.
    #[error(
        "can't read {0:?} as a snooze offset; use whole days, weeks or months: {OFFSET_EXAMPLES}"
    )]
    BadOffset(String),
}

// Echo at most a line's worth of hostile input back in messages.
fn shown(input: &str) -> String {
    match input.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &input[..cut]),
        None => input.to_string(),
    }
}

/// A due date with an optional time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The calendar day.
    pub date: NaiveDate,
    /// The time of day, if one was given.
    pub time: Option<NaiveTime>,
}

/// How far to snooze something: whole days, weeks or calendar months, never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offset {
    /// A number of days.
    Days(u32),
    /// A number of weeks.
    Weeks(u32),
    /// A number of calendar months; Jan 31 + 1 month is the last day of February.
    Months(u32),
}

impl Offset {
    /// The date this offset lands on, counted forward from `from`; `None` past year 262143.
    pub fn apply(self, from: NaiveDate) -> Option<NaiveDate> {
        shift(from, self, false)
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Offset::Days(n) => write!(f, "{n}d"),
            Offset::Weeks(n) => write!(f, "{n}w"),
            Offset::Months(n) => write!(f, "{n}m"),
        }
    }
}

fn shift(from: NaiveDate, offset: Offset, back: bool) -> Option<NaiveDate> {
    let (days, months) = match offset {
        Offset::Days(n) => (Days::new(n.into()), Months::new(0)),
        Offset::Weeks(n) => (Days::new(u64::from(n) * 7), Months::new(0)),
        Offset::Months(n) => (Days::new(0), Months::new(n)),
    };
    if back {
        from.checked_sub_days(days)?.checked_sub_months(months)
    } else {
        from.checked_add_days(days)?.checked_add_months(months)
    }
}

// A signed count of units: "+3d", "-1w", "in 2 weeks", "5 days ago", "1y" (as 12 months).
// Returns (backwards, offset), with offset None when the count overflows, so callers can
// say "too far" rather than "unreadable".
fn parse_span(tokens: &[&str]) -> Option<(bool, Option<Offset>)> {
    let (ahead, tokens) = match tokens {
        ["in", rest @ ..] => (true, rest),
        _ => (false, tokens),
    };
    let (ago, tokens) = match tokens {
        [rest @ .., "ago"] => (true, rest),
        _ => (false, tokens),
    };
    if tokens.is_empty() || tokens.len() > 2 || (ahead && ago) {
        return None;
    }
    let joined = tokens.concat();
    let (back, body) = match joined.strip_prefix(['+', '-']) {
        _ if ahead || ago => (ago, joined.as_str()),
        Some(body) => (joined.starts_with('-'), body),
        None => (false, joined.as_str()),
    };
    let (digits, unit) = body.split_at(body.find(|c: char| !c.is_ascii_digit())?);
    let n: Option<u32> = digits.parse().ok();
    // "m" is months, not minutes: dates here are day-precision.
    let offset = match unit {
        _ if digits.is_empty() => return None,
        "d" | "day" | "days" => n.map(Offset::Days),
        "w" | "wk" | "wks" | "week" | "weeks" => n.map(Offset::Weeks),
        "m" | "mo" | "mon" | "month" | "months" => n.map(Offset::Months),
        "y" | "yr" | "yrs" | "year" | "years" => {
            n.and_then(|n| n.checked_mul(12)).map(Offset::Months)
        }
        _ => return None,
    };
    Some((back, offset))
}

// Position of the name `word` abbreviates by at least three letters: "fri", "tues", "dec".
fn name_index(names: &str, word: &str) -> Option<u32> {
    let index = names
        .split(' ')
        .position(|n| word.len() >= 3 && n.starts_with(word))?;
    u32::try_from(index).ok()
}

// Days from Monday: "mon" is 0, "sunday" is 6.
fn parse_weekday(word: &str) -> Option<u64> {
    name_index(
        "monday tuesday wednesday thursday friday saturday sunday",
        word,
    )
    .map(u64::from)
}

// Month number: "jan" is 1, "sept" and "september" are 9.
fn parse_month(word: &str) -> Option<u32> {
    let names = "january february march april may june july august september october november";
    name_index(
        &format!("{names} december"),
        word.replace("sept", "sep").as_str(),
    )
    .map(|i| i + 1)
}

fn number<T: std::str::FromStr>(word: &str, max_len: usize) -> Option<T> {
    let ok = !word.is_empty() && word.len() <= max_len && word.bytes().all(|b| b.is_ascii_digit());
    if ok { word.parse().ok() } else { None }
}

// Day of month, allowing ordinal suffixes: "1", "1st", "22nd".
fn parse_day(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s));
    number(digits.unwrap_or(word), 2)
}

fn parse_year(word: &str) -> Option<i32> {
    number(word, 4).filter(|_| word.len() == 4)
}

// (month, day, year if given) from "12/01", "12/01/2027", "dec 1", "1 dec 2027".
fn parse_month_day(tokens: &[&str]) -> Option<(u32, u32, Option<i32>)> {
    match *tokens {
        [one] => match one.split('/').collect::<Vec<_>>()[..] {
            [m, d] => Some((number(m, 2)?, number(d, 2)?, None)),
            [m, d, y] => Some((number(m, 2)?, number(d, 2)?, Some(parse_year(y)?))),
            _ => None,
        },
        [a, b] => match (parse_month(a), parse_month(b)) {
            (Some(m), None) => Some((m, parse_day(b)?, None)),
            (None, Some(m)) => Some((m, parse_day(a)?, None)),
            _ => None,
        },
        [a, b, y] => {
            parse_month_day(&[a, b]).and_then(|(m, d, _)| Some((m, d, Some(parse_year(y)?))))
        }
        _ => None,
    }
}

fn parse_iso(tokens: &[&str]) -> Option<(i32, u32, u32)> {
    match tokens.first()?.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] if tokens.len() == 1 => Some((parse_year(y)?, number(m, 2)?, number(d, 2)?)),
        _ => None,
    }
}

// The first date on or after `today` with this month and day; Feb 29 waits for a leap year.
fn next_month_day(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (0..=8)
        .filter_map(|ahead| NaiveDate::from_ymd_opt(today.year().checked_add(ahead)?, month, day))
        .find(|date| *date >= today)
}

fn next_monday(today: NaiveDate) -> Option<NaiveDate> {
    let ahead = 7 - u64::from(today.weekday().num_days_from_monday());
    today.checked_add_days(Days::new(ahead))
}

/// Reads a date phrase such as `fri`, `+3d`, `next week` or `2026-12-01`, relative to `today`.
///
/// Weekday names mean the next such day, today included; `next fri` is the Friday of next
/// calendar week (weeks start on Monday); `last fri` is the latest one before today.
/// `12/01` is month/day; a month and day without a year is the next such date, today
/// included; `m` is months. Other phrases go to `interim`, anchored at `today`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let lowered = input.trim().to_lowercase().replace(',', " ");
    let tokens: Vec<&str> = lowered.split_whitespace().collect();
    let fail = |make: fn(String) -> DateError| make(shown(input));
    let weekday = u64::from(today.weekday().num_days_from_monday());
    let relative = match tokens[..] {
        [] => return Err(fail(DateError::Unrecognized)),
        ["today" | "tod"] => Some(Some(today)),
        ["tomorrow" | "tmr" | "tmrw" | "tom"] => Some(today.succ_opt()),
        ["yesterday"] => Some(today.pred_opt()),
        ["eom"] | ["end", "of", "month"] => Some((28..=31).rev().find_map(|d| today.with_day(d))),
        ["next", "week"] => Some(next_monday(today)),
        ["next", "month"] => Some(
            today
                .with_day(1)
                .and_then(|d| shift(d, Offset::Months(1), false)),
        ),
        [word] | ["this", word] if parse_weekday(word).is_some() => {
            let ahead = (7 + parse_weekday(word).unwrap_or(0) - weekday) % 7;
            Some(today.checked_add_days(Days::new(ahead)))
        }
        ["next", word] if parse_weekday(word).is_some() => {
            let ahead = Days::new(parse_weekday(word).unwrap_or(0));
            Some(next_monday(today).and_then(|monday| monday.checked_add_days(ahead)))
        }
        ["last", word] if parse_weekday(word).is_some() => {
            let back = (7 + weekday - parse_weekday(word).unwrap_or(0) + 6) % 7 + 1;
            Some(today.checked_sub_days(Days::new(back)))
        }
        _ => parse_span(&tokens).map(|(back, offset)| shift(today, offset?, back)),
    };
    if let Some(date) = relative {
        return date.ok_or_else(|| fail(DateError::OutOfRange));
    }
    if let Some((y, m, d)) = parse_iso(&tokens) {
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| fail(DateError::NoSuchDate));
    }
    if let Some((m, d, year)) = parse_month_day(&tokens) {
        // Check against a leap year so "feb 29" is real but "feb 30" is not.
        return match year {
            _ if NaiveDate::from_ymd_opt(2000, m, d).is_none() => Err(fail(DateError::NoSuchDate)),
            Some(y) => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| fail(DateError::NoSuchDate)),
            None => next_month_day(today, m, d).ok_or_else(|| fail(DateError::OutOfRange)),
        };
    }
    interim_date(&lowered, today).ok_or_else(|| fail(DateError::Unrecognized))
}

// Falls back to `interim` for phrases like "last april" or "2 weeks ago". Its arithmetic
// can overflow (and panic) on huge numbers, so it only sees short, plain ASCII text with
// numbers of at most four digits, and never a bare number ("12" would be year 12) or a time.
fn interim_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let long_number = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() > 4);
    let plain = text.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
    let bare_number = text.bytes().all(|b| b == b' ' || b.is_ascii_digit());
    let timed = text.split(' ').any(looks_like_time);
    if text.len() > 64 || long_number || !plain || bare_number || timed {
        return None;
    }
    // Hours and minutes would move a day-precision date by a fraction of a day.
    if let Ok(interim::Interval::Seconds(_)) = interim::parse_duration(text) {
        return None;
    }
    let midnight = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    let parsed = interim::parse_date_string(text, midnight, interim::Dialect::Us);
    parsed.ok().map(|dt| dt.date_naive())
}

// Whether a word was meant as a time ("25:00", "13pm"), valid or not.
fn looks_like_time(word: &str) -> bool {
    let clock = word.strip_suffix("am").or_else(|| word.strip_suffix("pm"));
    let digit_then_meridiem = clock.is_some_and(|c| c.ends_with(|c: char| c.is_ascii_digit()));
    word.contains(':') || matches!(word, "am" | "pm" | "noon" | "midnight") || digit_then_meridiem
}

// "14:00", "9:05am", "3pm", "noon"; `meridiem` is a separate trailing "am"/"pm" word.
fn parse_time(word: &str, meridiem: Option<&str>) -> Option<NaiveTime> {
    let (clock, meridiem) = match (word, meridiem) {
        ("noon", None) => return NaiveTime::from_hms_opt(12, 0, 0),
        ("midnight", None) => return Some(NaiveTime::MIN),
        (_, Some(m)) => (word, Some(m)),
        _ => match word.strip_suffix("am").or_else(|| word.strip_suffix("pm")) {
            Some(clock) => (clock, word.get(clock.len()..)),
            None => (word, None),
        },
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (number::<u32>(h, 2)?, number(m, 2)?),
        None if meridiem.is_some() => (number::<u32>(clock, 2)?, 0),
        _ => return None,
    };
    let hour = match meridiem {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some("am") => hour % 12,
        Some(_) => hour % 12 + 12,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// Reads a date phrase optionally followed by a time (`fri 14:00`, `tomorrow 3pm`,
/// `2026-12-01 09:30`, `fri at 9:05am`); a time alone means today.
pub fn parse_due(input: &str, today: NaiveDate) -> Result<Due, DateError> {
    let lowered = input.trim().to_lowercase();
    let tokens: Vec<&str> = lowered.split_whitespace().collect();
    let (rest, time) = match tokens[..] {
        [ref rest @ .., word, m @ ("am" | "pm")] => (rest, parse_time(word, Some(m))),
        [ref rest @ .., word] if looks_like_time(word) => (rest, parse_time(word, None)),
        _ => return parse_date(input, today).map(|date| Due { date, time: None }),
    };
    let time_text = tokens[rest.len()..].join(" ");
    let time = Some(time.ok_or_else(|| DateError::BadTime(shown(&time_text)))?);
    let date = match rest {
        [] | ["at"] => today,
        [head @ .., "at"] | head => parse_date(&head.join(" "), today)?,
    };
    Ok(Due { date, time })
}

/// Reads a snooze offset: `2d`, `+3d`, `1w`, `1m`, `2 weeks`, `in 3 days`, `1y` (12 months).
///
/// Offsets are whole days, weeks or months, from 1 up to about 100 years; hours, negative
/// and zero offsets are refused.
pub fn parse_offset(input: &str) -> Result<Offset, DateError> {
    let lowered = input.trim().to_lowercase();
    let tokens: Vec<&str> = lowered.split_whitespace().collect();
    let bad = || DateError::BadOffset(shown(input));
    let (back, offset) = parse_span(&tokens).ok_or_else(bad)?;
    // Snoozes longer than a century are typos, and capping them keeps `apply` meaningful.
    let days = match offset.ok_or_else(bad)? {
        Offset::Days(n) => n,
        Offset::Weeks(n) => n.saturating_mul(7),
        Offset::Months(n) => n.saturating_mul(31),
    };
    match offset {
        Some(offset) if !back && (1..=36_500).contains(&days) => Ok(offset),
        _ => Err(bad()),
    }
}

/// Shows `date` relative to `today`: `today`, `tomorrow`, `yesterday`, `in 3d`, `5d ago`
/// within a week, else `Dec 1` in the same year or `2027-01-04` otherwise.
pub fn format_relative(date: NaiveDate, today: NaiveDate) -> String {
    match date.signed_duration_since(today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        n @ 2..=6 => format!("in {n}d"),
        n @ -6..=-2 => format!("{}d ago", -n),
        _ if date.year() == today.year() => date.format("%b %-d").to_string(),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    // Cases are "input = expected" separated by " | "; today is Wednesday 2026-03-11.
    fn cases(table: &str) -> impl Iterator<Item = (&str, &str)> {
        table
            .split(['|', '\n'])
            .filter_map(|case| case.split_once(" = "))
            .map(|(i, e)| (i.trim(), e.trim()))
    }

    const WED: &str = "2026-03-11";

    #[test]
    fn accepted_date_phrases() {
        let table = "
            today = 2026-03-11 | TOMORROW = 2026-03-12 | tmr = 2026-03-12 | Yesterday = 2026-03-10
            fri = 2026-03-13 | Friday = 2026-03-13 | wed = 2026-03-11 | this fri = 2026-03-13
            tues = 2026-03-17
            next fri = 2026-03-20 | next wed = 2026-03-18 | next mon = 2026-03-16
            last fri = 2026-03-06
            last wed = 2026-03-04 | +3d = 2026-03-14 | 3d = 2026-03-14 | +2w = 2026-03-25
            +1m = 2026-04-11
            -1d = 2026-03-10 | in 3 days = 2026-03-14 | in 2 weeks = 2026-03-25
            2 weeks ago = 2026-02-25
            +1y = 2027-03-11 | next week = 2026-03-16 | next month = 2026-04-01 | eom = 2026-03-31
            end of month = 2026-03-31 | 2026-12-01 = 2026-12-01 | 12/01 = 2026-12-01
            12/01/2027 = 2027-12-01 | 1 dec = 2026-12-01 | Dec 1 = 2026-12-01
            1st December = 2026-12-01
            december 1 2027 = 2027-12-01 | april 1, 2027 = 2027-04-01 | mar 11 = 2026-03-11
            mar 3 = 2027-03-03
            feb 29 = 2028-02-29 | last april = 2025-04-01 | jun = 2026-06-01";
        for (input, expected) in cases(table) {
            assert_eq!(parse_date(input, d(WED)), Ok(d(expected)), "{input:?}");
        }
    }

    #[test]
    fn phrases_anchor_on_the_injected_today() {
        // From Saturday the coming Friday is already in next week, so both give the 20th.
        let table = "
            2026-03-14 fri = 2026-03-20 | 2026-03-14 next fri = 2026-03-20
            2026-03-16 next week = 2026-03-23
            2026-01-31 +1m = 2026-02-28 | 2026-12-31 next month = 2027-01-01
            2028-02-03 eom = 2028-02-29";
        for (input, expected) in cases(table) {
            let (today, input) = input.split_at(10);
            assert_eq!(parse_date(input, d(today)), Ok(d(expected)), "{input:?}");
        }
    }

    #[test]
    fn errors_quote_the_input_and_list_examples() {
        for input in " | garbage | 2026-13-45 | +99999999d | feb 30 | 12 | 2h | 3pm".split('|') {
            let input = input.trim();
            let message = parse_date(input, d(WED)).unwrap_err().to_string();
            assert!(message.contains(&format!("{input:?}")), "{message}");
            assert!(
                message.contains("today, tomorrow, fri, next fri"),
                "{message}"
            );
        }
        let err = |input, today| parse_date(input, today).map_err(|e| format!("{e:?}"));
        assert_eq!(
            err("2026-13-45", d(WED)),
            Err(r#"NoSuchDate("2026-13-45")"#.into())
        );
        assert_eq!(
            err("+99999999d", d(WED)),
            Err(r#"OutOfRange("+99999999d")"#.into())
        );
        assert_eq!(
            err("tomorrow", NaiveDate::MAX),
            Err(r#"OutOfRange("tomorrow")"#.into())
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        let long = "9".repeat(5000);
        let hostile = "+99999999999999999999999d | -4294967296w | in 4294967295 years
        9999 years ago
            | 99999-99-99 | 12/99999999999 | 日本 3日 | fri\u{0} | \u{7}\u{1b}[2J | next 🦀 | ٣d | −1d
            | 1 dec 99999 | 4294967295:4294967295pm | ,,, | at | 9999 weeks at 12pm | last";
        for today in [d(WED), NaiveDate::MIN, NaiveDate::MAX] {
            for input in hostile.split('|').chain([long.as_str()]) {
                let _ = (parse_date(input, today), parse_due(input, today));
                let _ = parse_offset(input);
            }
        }
        let message = parse_date(&long, d(WED)).unwrap_err().to_string();
        assert!(message.len() < 300, "messages truncate long input");
    }

    #[test]
    fn due_dates_with_optional_times() {
        let table = "
            fri 14:00 = 2026-03-13 14:00 | tomorrow 3pm = 2026-03-12 15:00
            today 9:05am = 2026-03-11 09:05
            2026-12-01 09:30 = 2026-12-01 09:30 | fri at 3 PM = 2026-03-13 15:00
            mon noon = 2026-03-16 12:00
            dec 1 2027 12am = 2027-12-01 00:00 | 12:30pm = 2026-03-11 12:30
            at 8am = 2026-03-11 08:00";
        for (input, expected) in cases(table) {
            let due = parse_due(input, d(WED)).unwrap();
            let time = due.time.unwrap().format("%H:%M");
            assert_eq!(format!("{} {time}", due.date), expected, "{input:?}");
        }
        let (date, time) = (d("2026-03-16"), None);
        assert_eq!(parse_due("next week", d(WED)), Ok(Due { date, time }));
    }

    #[test]
    fn due_errors_name_the_bad_part() {
        let err = parse_due("fri 25:00", d(WED)).unwrap_err();
        assert_eq!(err, DateError::BadTime("25:00".into()));
        assert!(err.to_string().contains("14:00, 9:05am, 3pm"));
        assert_eq!(
            parse_due("13pm", d(WED)),
            Err(DateError::BadTime("13pm".into()))
        );
        let garbage = Err(DateError::Unrecognized("garbage".into()));
        assert_eq!(parse_due("garbage 14:00", d(WED)), garbage);
    }

    #[test]
    fn due_round_trips_through_serde() {
        let (date, time) = (d("2026-12-01"), NaiveTime::from_hms_opt(9, 30, 0));
        let due = Due { date, time };
        let json = serde_json::to_string(&due).unwrap();
        assert_eq!(serde_json::from_str::<Due>(&json).unwrap(), due);
    }

    #[test]
    fn snooze_offsets() {
        let table =
            "2d = Days(2) | +3d = Days(3) | 1w = Weeks(1) | 1m = Months(1) | 3 days = Days(3)
            in 2 Weeks = Weeks(2) | 1y = Months(12)";
        for (input, expected) in cases(table) {
            let parsed = parse_offset(input).map(|o| format!("{o:?}"));
            assert_eq!(parsed, Ok(expected.to_string()), "{input:?}");
        }
        assert_eq!(Offset::Weeks(2).apply(d(WED)), Some(d("2026-03-25")));
        assert_eq!(
            Offset::Months(1).apply(d("2026-01-31")),
            Some(d("2026-02-28"))
        );
        assert_eq!(Offset::Days(1).apply(NaiveDate::MAX), None);
        assert_eq!(Offset::Weeks(3).to_string(), "3w");
        for input in " | 2h | -1d | 0d | soon | 200y | 99999999999d | 2 days ago | fri".split('|') {
            let input = input.trim();
            let message = parse_offset(input).unwrap_err().to_string();
            assert!(message.contains(&format!("{input:?}")), "{message}");
            assert!(message.contains("2d, +3d, 1w"), "{message}");
        }
    }

    #[test]
    fn relative_formatting() {
        let table = "
            2026-03-11 = today | 2026-03-12 = tomorrow | 2026-03-10 = yesterday | 2026-03-14 = in 3d
            2026-03-06 = 5d ago | 2026-03-18 = Mar 18 | 2026-12-01 = Dec 1 | 2027-01-04 = 2027-01-04
            2025-12-31 = 2025-12-31";
        for (date, expected) in cases(table) {
            assert_eq!(format_relative(d(date), d(WED)), expected);
        }
        assert!(!format_relative(NaiveDate::MAX, NaiveDate::MIN).is_empty());
    }
}
