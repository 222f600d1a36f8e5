//! Natural-language dates: turning what people type for due dates and snoozes
//! ("fri 14:00", "+3d", "next week", "dec 1") into calendar dates, and showing dates
//! back relative to today ("tomorrow", "5d ago"). This module never reads the clock:
//! every function takes `today` from the caller, so results are reproducible.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use serde::{Deserialize, Serialize};

const DATE_EXAMPLES: &str =
    "today, tomorrow, fri, next fri, +3d, in 2 weeks, next week, eom, dec 1, 2026-12-01";
const OFFSET_EXAMPLES: &str = "2d, +3d, 1w, 2 weeks, 1m";
// Snoozes longer than a century are typos, and capping them keeps `Offset::apply` sane.
const MAX_OFFSET_DAYS: u32 = 36_500;

/// Why a date, due date or snooze offset could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text matched no known date form.
    #[error("can't read {input:?} as a date; try {examples}", examples = DATE_EXAMPLES)]
    Unrecognized { input: String },
    /// The text looked like a date but names a day that does not exist.
    #[error("{input:?} is not a real calendar date; try {examples}", examples = DATE_EXAMPLES)]
    NoSuchDate { input: String },
    /// The date lies outside the range the calendar can represent.
    #[error("{input:?} is too far from today; try {examples}", examples = DATE_EXAMPLES)]
    OutOfRange { input: String },
    /// The text ends in something time-like that is not a valid time of day.
    #[error("can't read {input:?} as a time of day; try 14:00, 9:05am, 3pm or noon")]
    BadTime { input: String },
    /// The text is not a snooze offset.
    #[error("can't read {input:?} as a snooze offset; use a whole number of days, weeks or months, like {examples}", examples = OFFSET_EXAMPLES)]
    BadOffset { input: String },
}

// Echo at most a line's worth of hostile input back in messages.
fn shown(input: &str) -> String {
    const LIMIT: usize = 40;
    match input.char_indices().nth(LIMIT) {
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

/// How far to push something into the future; days, weeks or months, never zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Offset {
    /// A number of days.
    Days(u32),
    /// A number of weeks.
    Weeks(u32),
    /// A number of calendar months (Jan 31 + 1m = Feb 28/29).
    Months(u32),
}

impl Offset {
    /// The date this offset lands on, counted from `from`; `None` past the calendar's end.
    pub fn apply(self, from: NaiveDate) -> Option<NaiveDate> {
        match self {
            Offset::Days(n) => from.checked_add_days(Days::new(u64::from(n))),
            Offset::Weeks(n) => from.checked_add_days(Days::new(u64::from(n) * 7)),
            Offset::Months(n) => from.checked_add_months(Months::new(n)),
        }
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

// A signed count of units, e.g. "+3d", "in 2 weeks", "5 days ago". `count` is None when
// the number does not fit in a u32, so callers can report "too far" rather than "unreadable".
struct Span {
    negative: bool,
    count: Option<u32>,
    unit: Unit,
}

fn parse_unit(word: &str) -> Option<Unit> {
    // "m" is months, not minutes: dates here are day-precision.
    Some(match word {
        "d" | "day" | "days" => Unit::Day,
        "w" | "wk" | "wks" | "week" | "weeks" => Unit::Week,
        "m" | "mo" | "mos" | "mon" | "month" | "months" => Unit::Month,
        "y" | "yr" | "yrs" | "year" | "years" => Unit::Year,
        _ => return None,
    })
}

fn parse_span(tokens: &[&str]) -> Option<Span> {
    let (prefixed_in, tokens) = match tokens.split_first() {
        Some((&"in", rest)) => (true, rest),
        _ => (false, tokens),
    };
    let (ago, tokens) = match tokens.split_last() {
        Some((&"ago", rest)) => (true, rest),
        _ => (false, tokens),
    };
    if tokens.is_empty() || tokens.len() > 2 || (prefixed_in && ago) {
        return None;
    }
    let joined = tokens.concat();
    let (sign, body) = match joined.as_bytes().first() {
        Some(b'+') => (Some(false), &joined[1..]),
        Some(b'-') => (Some(true), &joined[1..]),
        _ => (None, joined.as_str()),
    };
    if sign.is_some() && (prefixed_in || ago) {
        return None;
    }
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (digits, word) = body.split_at(split);
    if digits.is_empty() {
        return None;
    }
    let unit = parse_unit(word)?;
    Some(Span {
        negative: sign.unwrap_or(ago),
        count: digits.parse().ok(),
        unit,
    })
}

fn apply_span(today: NaiveDate, span: &Span) -> Option<NaiveDate> {
    let n = span.count?;
    match span.unit {
        Unit::Day | Unit::Week => {
            let days = Days::new(u64::from(n) * if span.unit == Unit::Week { 7 } else { 1 });
            if span.negative {
                today.checked_sub_days(days)
            } else {
                today.checked_add_days(days)
            }
        }
        Unit::Month | Unit::Year => {
            let months = Months::new(if span.unit == Unit::Year {
                n.checked_mul(12)?
            } else {
                n
            });
            if span.negative {
                today.checked_sub_months(months)
            } else {
                today.checked_add_months(months)
            }
        }
    }
}

fn parse_weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn parse_month(word: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word == "sept" {
        return Some(9);
    }
    let position = NAMES
        .iter()
        .position(|name| word.len() >= 3 && name.starts_with(word))?;
    u32::try_from(position + 1).ok()
}

// Day of month, allowing ordinal suffixes: "1", "1st", "22nd".
fn parse_day(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn parse_year(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok()
    } else {
        None
    }
}

fn all_digits(parts: &[&str], max_len: usize) -> bool {
    parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
}

// The first date on or after `today` with this month and day; Feb 29 waits for a leap year.
fn next_month_day(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    (0..=8)
        .filter_map(|ahead| NaiveDate::from_ymd_opt(today.year().checked_add(ahead)?, month, day))
        .find(|date| *date >= today)
}

// Either an absolute (month, day, optional year) or nothing.
fn parse_month_day(tokens: &[&str]) -> Option<(u32, u32, Option<i32>)> {
    match *tokens {
        [one] => {
            let parts: Vec<&str> = one.split('/').collect();
            match parts[..] {
                [m, d] if all_digits(&parts, 2) => Some((m.parse().ok()?, d.parse().ok()?, None)),
                [m, d, y] if all_digits(&parts[..2], 2) => {
                    Some((m.parse().ok()?, d.parse().ok()?, Some(parse_year(y)?)))
                }
                _ => None,
            }
        }
        [a, b] => match (parse_month(a), parse_month(b)) {
            (Some(m), None) => Some((m, parse_day(b)?, None)),
            (None, Some(m)) => Some((m, parse_day(a)?, None)),
            _ => None,
        },
        [a, b, y] => {
            let (m, d, _) = parse_month_day(&[a, b])?;
            Some((m, d, Some(parse_year(y)?)))
        }
        _ => None,
    }
}

fn parse_iso(token: &str) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = token.split('-').collect();
    match parts[..] {
        [y, m, d] if y.len() == 4 && all_digits(&parts, 4) => {
            Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
        }
        _ => None,
    }
}

fn monday_of_next_week(today: NaiveDate) -> Option<NaiveDate> {
    today.checked_add_days(Days::new(
        7 - u64::from(today.weekday().num_days_from_monday()),
    ))
}

/// Reads a date phrase such as `fri`, `+3d`, `next week` or `2026-12-01`, relative to `today`.
///
/// Weekday names mean the next such day, today included; `next fri` means the Friday of
/// next calendar week (weeks start on Monday); `last fri` is the most recent one before
/// today. `12/01` is month/day. A month and day without a year is the next such date,
/// today included. `m` is months. Anything else goes to the `interim` parser, anchored
/// at `today`.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let lowered = input.trim().to_lowercase().replace(',', " ");
    let tokens: Vec<&str> = lowered.split_whitespace().collect();
    let unrecognized = || DateError::Unrecognized {
        input: shown(input),
    };
    let out_of_range = || DateError::OutOfRange {
        input: shown(input),
    };
    let no_such_date = || DateError::NoSuchDate {
        input: shown(input),
    };

    let relative = match tokens[..] {
        [] => return Err(unrecognized()),
        ["today" | "tod"] => Some(Some(today)),
        ["tomorrow" | "tmr" | "tmrw" | "tom"] => Some(today.succ_opt()),
        ["yesterday"] => Some(today.pred_opt()),
        ["eom"] | ["end", "of", "month"] => Some((28..=31).rev().find_map(|d| today.with_day(d))),
        ["next", "week"] => Some(monday_of_next_week(today)),
        ["next", "month"] => Some(
            today
                .with_day(1)
                .and_then(|d| d.checked_add_months(Months::new(1))),
        ),
        ["next", "year"] => Some(
            today
                .year()
                .checked_add(1)
                .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)),
        ),
        [word] | ["this", word] if parse_weekday(word).is_some() => {
            let wanted = parse_weekday(word).map_or(0, |w| w.num_days_from_monday());
            let ahead = (7 + wanted - today.weekday().num_days_from_monday()) % 7;
            Some(today.checked_add_days(Days::new(u64::from(ahead))))
        }
        ["next", word] if parse_weekday(word).is_some() => {
            let wanted = parse_weekday(word).map_or(0, |w| w.num_days_from_monday());
            Some(
                monday_of_next_week(today)
                    .and_then(|m| m.checked_add_days(Days::new(u64::from(wanted)))),
            )
        }
        ["last", word] if parse_weekday(word).is_some() => {
            let wanted = parse_weekday(word).map_or(0, |w| w.num_days_from_monday());
            let back = match (7 + today.weekday().num_days_from_monday() - wanted) % 7 {
                0 => 7,
                n => n,
            };
            Some(today.checked_sub_days(Days::new(u64::from(back))))
        }
        _ => parse_span(&tokens).map(|span| apply_span(today, &span)),
    };
    if let Some(date) = relative {
        return date.ok_or_else(out_of_range);
    }
    if let [token] = tokens[..]
        && let Some((y, m, d)) = parse_iso(token)
    {
        return NaiveDate::from_ymd_opt(y, m, d).ok_or_else(no_such_date);
    }
    if let Some((m, d, year)) = parse_month_day(&tokens) {
        // Check against a leap year so "feb 29" is real but "feb 30" is not.
        if NaiveDate::from_ymd_opt(2000, m, d).is_none() {
            return Err(no_such_date());
        }
        return match year {
            Some(y) => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(no_such_date),
            None => next_month_day(today, m, d).ok_or_else(out_of_range),
        };
    }
    interim_date(&lowered, today).ok_or_else(unrecognized)
}

// Falls back to `interim` for phrases like "2 weeks ago" or "april 1, 2027". Its number
// arithmetic can overflow (and panic) on huge values, so it only sees short, plain ASCII
// text with numbers of at most four digits.
fn interim_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let longest_number = text
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    let plain = text.bytes().all(|b| b == b' ' || b.is_ascii_graphic());
    // A bare number would become a year ("12" is 0012-01-01), and times belong to `parse_due`.
    let bare_number = text.bytes().all(|b| b == b' ' || b.is_ascii_digit());
    if text.len() > 64
        || longest_number > 4
        || !plain
        || bare_number
        || text.split(' ').any(looks_like_time)
    {
        return None;
    }
    // Hours and minutes would move a day-precision date by a fraction of a day: refuse them.
    if let Ok(interim::Interval::Seconds(_)) = interim::parse_duration(text) {
        return None;
    }
    let midnight = Utc.from_utc_datetime(&today.and_time(NaiveTime::MIN));
    interim::parse_date_string(text, midnight, interim::Dialect::Us)
        .ok()
        .map(|dt| dt.date_naive())
}

// Whether a word was meant as a time ("25:00", "13pm"), valid or not.
fn looks_like_time(word: &str) -> bool {
    let digit_then = |suffix: &str| {
        word.strip_suffix(suffix)
            .is_some_and(|w| w.ends_with(|c: char| c.is_ascii_digit()))
    };
    word.contains(':') || matches!(word, "am" | "pm") || digit_then("am") || digit_then("pm")
}

// "14:00", "9:05am", "3pm", "noon"; `meridiem` is a separate trailing "am"/"pm" word.
fn parse_time(word: &str, meridiem: Option<&str>) -> Option<NaiveTime> {
    match (word, meridiem) {
        ("noon", None) => return NaiveTime::from_hms_opt(12, 0, 0),
        ("midnight", None) => return Some(NaiveTime::MIN),
        _ => {}
    }
    let (clock, suffix) = match meridiem {
        Some(m) => (word, Some(m)),
        None => match word.strip_suffix("am").or_else(|| word.strip_suffix("pm")) {
            Some(clock) => (clock, word.get(clock.len()..)),
            None => (word, None),
        },
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if suffix.is_some() => (clock, "00"),
        None => return None,
    };
    if !all_digits(&[hour, minute], 2) {
        return None;
    }
    let (hour, minute): (u32, u32) = (hour.parse().ok()?, minute.parse().ok()?);
    let hour = match suffix {
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
        [ref rest @ .., word] if looks_like_time(word) || matches!(word, "noon" | "midnight") => {
            (rest, parse_time(word, None))
        }
        _ => return parse_date(input, today).map(|date| Due { date, time: None }),
    };
    let time_text = tokens[rest.len()..].join(" ");
    let time = time.ok_or_else(|| DateError::BadTime {
        input: shown(&time_text),
    })?;
    let rest = match rest {
        [head @ .., "at"] => head,
        _ => rest,
    };
    let date = if rest.is_empty() {
        today
    } else {
        parse_date(&rest.join(" "), today)?
    };
    Ok(Due {
        date,
        time: Some(time),
    })
}

/// Reads a snooze offset: `2d`, `+3d`, `1w`, `1m`, `2 weeks`, `in 3 days`, `1y` (12 months).
///
/// Offsets are whole days, weeks or months, at least 1 and at most about 100 years;
/// hours, negative and zero offsets are refused.
pub fn parse_offset(input: &str) -> Result<Offset, DateError> {
    let lowered = input.trim().to_lowercase();
    let tokens: Vec<&str> = lowered.split_whitespace().collect();
    let bad = || DateError::BadOffset {
        input: shown(input),
    };
    let span = parse_span(&tokens).ok_or_else(bad)?;
    let n = span
        .count
        .filter(|n| *n >= 1 && !span.negative)
        .ok_or_else(bad)?;
    let (offset, days) = match span.unit {
        Unit::Day => (Offset::Days(n), u64::from(n)),
        Unit::Week => (Offset::Weeks(n), u64::from(n) * 7),
        Unit::Month => (Offset::Months(n), u64::from(n) * 31),
        Unit::Year => (
            Offset::Months(n.checked_mul(12).ok_or_else(bad)?),
            u64::from(n) * 366,
        ),
    };
    if days > u64::from(MAX_OFFSET_DAYS) {
        return Err(bad());
    }
    Ok(offset)
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
