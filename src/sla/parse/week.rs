//! Working hours as people write them: `mon-fri 09:00-17:00`, `mon-thu 9-17; fri 9-13`,
//! `mon,wed 08:30-12:00,13:00-17:30` or `24/7`. Groups are separated by `;`; each is
//! days (names of three letters or more, single or as ranges) and then spans. `24:00`
//! (or `00:00`) as an end means midnight; a day not named is closed.

use chrono::NaiveTime;

use crate::model::Span;
use crate::sla::SlaError;
use crate::sla::check::{DAY_NAMES, check_day, closes, opens};

const FULL_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const FORMS: &str = "write days and hours such as \"mon-fri 09:00-17:00\", \
                     \"mon-thu 9-17; fri 9-13\", \"mon,wed 08:30-12:00,13:00-17:30\" or \"24/7\"";

fn refuse(reason: String) -> SlaError {
    SlaError::new("week", reason)
}

/// The seven days (Monday first) of working hours written in `text`.
pub fn week(text: &str) -> Result<Vec<Vec<Span>>, SlaError> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("24/7") {
        let all_day = Span {
            start: NaiveTime::MIN,
            end: NaiveTime::MIN,
        };
        return Ok(vec![vec![all_day]; 7]);
    }
    let mut week: Vec<Vec<Span>> = vec![Vec::new(); 7];
    for group in text.split(';').map(str::trim).filter(|g| !g.is_empty()) {
        let tidy = tighten(group);
        let Some((days_text, hours_text)) = tidy.split_once(' ') else {
            return Err(refuse(format!("\"{group}\" has no hours; {FORMS}")));
        };
        let spans = spans(hours_text)?;
        for day in days(days_text)? {
            week[day].extend(spans.iter().copied());
        }
    }
    for (i, day) in week.iter_mut().enumerate() {
        day.sort_by_key(opens);
        for pair in day.windows(2) {
            if opens(&pair[1]) < closes(&pair[0]) {
                return Err(refuse(format!(
                    "on {} {} and {} overlap; give each hour once",
                    DAY_NAMES[i],
                    span_text(&pair[0]),
                    span_text(&pair[1])
                )));
            }
        }
        check_day(i, day)?;
    }
    if week.iter().all(Vec::is_empty) {
        return Err(refuse(format!("no working hours on any day; {FORMS}")));
    }
    Ok(week)
}

/// The group with spaces only between days and hours: `mon - fri 9-12, 13-17` →
/// `mon-fri 9-12,13-17`.
fn tighten(group: &str) -> String {
    let mut out = String::new();
    for word in group.split_whitespace() {
        let joins = out.ends_with([',', '-']) || word.starts_with([',', '-']);
        if !out.is_empty() && !joins {
            out.push(' ');
        }
        out.push_str(word);
    }
    match out.split_once(' ') {
        Some((days, hours)) => format!("{days} {}", hours.replace(' ', "")),
        None => out,
    }
}

/// Day indexes (Monday = 0) in `mon,wed,fri-sun`; a range may wrap (`sat-mon`).
fn days(text: &str) -> Result<Vec<usize>, SlaError> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let bad = || {
            refuse(format!(
                "could not read \"{part}\" as days; use mon, tue, wed, thu, fri, sat, sun \
                 or a range such as mon-fri"
            ))
        };
        let (from, to) = match part.split_once('-') {
            Some((a, b)) => (day(a).ok_or_else(bad)?, day(b).ok_or_else(bad)?),
            None => {
                let d = day(part).ok_or_else(bad)?;
                (d, d)
            }
        };
        let mut d = from;
        loop {
            if !out.contains(&d) {
                out.push(d);
            }
            if d == to {
                break;
            }
            d = (d + 1) % 7;
        }
    }
    Ok(out)
}

fn day(word: &str) -> Option<usize> {
    let word = word.trim().to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    FULL_NAMES.iter().position(|full| full.starts_with(&word))
}

/// Spans in `08:30-12:00,13:00-17:30`.
fn spans(text: &str) -> Result<Vec<Span>, SlaError> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let bad = |why: &str| {
            refuse(format!(
                "could not read \"{part}\" as hours{why}; write them as 09:00-17:00 or 9-17, \
                 several joined by commas"
            ))
        };
        let (a, b) = part.split_once('-').ok_or_else(|| bad(""))?;
        let (start, end) = (
            time(a).ok_or_else(|| bad(""))?,
            time(b).ok_or_else(|| bad(""))?,
        );
        let (Some(start), end) = (start, end.unwrap_or(NaiveTime::MIN)) else {
            return Err(bad(" (24:00 ends a day, it cannot open one)"));
        };
        let span = Span { start, end };
        if opens(&span) >= closes(&span) {
            return Err(bad(" (it closes before it opens)"));
        }
        out.push(span);
    }
    Ok(out)
}

/// `9`, `09`, `9:30`, `09:30`; `24`/`24:00` is `Some(None)`: midnight ending the day.
fn time(text: &str) -> Option<Option<NaiveTime>> {
    let (h, m) = match text.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (text, "00"),
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match (number(h)?, number(m)?) {
        (24, 0) => Some(None),
        (h, m) => NaiveTime::from_hms_opt(h, m, 0).map(Some),
    }
}

fn span_text(s: &Span) -> String {
    let f = |d: chrono::TimeDelta| format!("{:02}:{:02}", d.num_hours(), d.num_minutes() % 60);
    format!("{}-{}", f(opens(s)), f(closes(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn span(a: (u32, u32), b: (u32, u32)) -> Span {
        Span {
            start: at(a.0, a.1),
            end: at(b.0, b.1),
        }
    }

    #[test]
    fn weekdays_nine_to_five() {
        let w = week("mon-fri 09:00-17:00").unwrap();
        assert_eq!(w.len(), 7);
        assert!(w[..5].iter().all(|d| *d == vec![span((9, 0), (17, 0))]));
        assert!(w[5].is_empty() && w[6].is_empty());
    }

    #[test]
    fn groups_lists_and_split_days() {
        let w = week("mon-thu 9-17; fri 9-13").unwrap();
        assert_eq!(w[3], vec![span((9, 0), (17, 0))]);
        assert_eq!(w[4], vec![span((9, 0), (13, 0))]);
        let w = week("Mon, Wed 08:30-12:00, 13:00-17:30").unwrap();
        let both = vec![span((8, 30), (12, 0)), span((13, 0), (17, 30))];
        assert_eq!((&w[0], &w[2]), (&both, &both));
        assert!(w[1].is_empty());
        // A day named twice gets both, in order.
        let w = week("tuesday 13-17; tue 9-12").unwrap();
        assert_eq!(w[1], vec![span((9, 0), (12, 0)), span((13, 0), (17, 0))]);
        // Ranges wrap around the weekend.
        let w = week("sat-mon 10-14").unwrap();
        assert_eq!(w.iter().filter(|d| !d.is_empty()).count(), 3);
    }

    #[test]
    fn around_the_clock_and_until_midnight() {
        let w = week("24/7").unwrap();
        assert!(w.iter().all(|d| *d == vec![span((0, 0), (0, 0))]));
        let w = week("fri 18-24").unwrap();
        assert_eq!(w[4], vec![span((18, 0), (0, 0))]);
    }

    #[test]
    fn errors_name_the_part() {
        let reason = |s: &str| week(s).unwrap_err().reason;
        assert!(reason("mon-fry 9-17").contains("\"mon-fry\""));
        assert!(reason("mon-fri 9-17h").contains("\"9-17h\""));
        assert!(reason("mon-fri").contains("no hours"));
        assert!(reason("mon 17-9").contains("closes before it opens"));
        assert!(reason("mon 24-9").contains("24:00"));
        assert!(reason("mon 9:5-12").contains("\"9:5-12\""));
        assert!(reason("mon 9-13,12-17").contains("overlap"));
        assert!(reason("").contains("no working hours"));
        assert_eq!(week("mo 9-17").unwrap_err().field, "week");
    }
}
