//! Business-time arithmetic: when a number of open milliseconds has passed after an
//! instant ([`BusinessHours::add`]), and how many open milliseconds lie between two
//! instants ([`BusinessHours::between`]), in a calendar compiled once.
//!
//! Spans are local wall-clock times in the calendar's zone, turned into instants day by
//! day: a span crossing a daylight-saving change counts the real time that passes; a
//! local time that does not exist (the spring-forward gap) means the first instant after
//! the gap; a local time that happens twice (fall back) means the earlier one. The walk
//! goes a day at a time, never a minute at a time, and stops after ten years of
//! calendar time.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::SlaError;
use super::check::{check_calendar, closes, opens, time_zone};
use crate::model::{Calendar, Instant};

/// How far `add` and `between` walk: ten years of calendar time, a few days over.
const SEARCH_DAYS: i64 = 3660;

/// What [`BusinessHours::add`] returns when the time never passes within ten years:
/// 9999-12-31 23:59:59 UTC, "never" for every practical purpose.
pub fn far_future() -> Instant {
    Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59)
        .single()
        .unwrap_or(chrono::DateTime::<Utc>::MAX_UTC)
}

/// A calendar ready for arithmetic, or calendar time (24/7).
#[derive(Debug, Clone)]
pub struct BusinessHours {
    week: Option<Week>,
}

#[derive(Debug, Clone)]
struct Week {
    tz: Tz,
    /// Monday first: (opens, closes) from midnight; closes may be a whole day.
    days: [Vec<(TimeDelta, TimeDelta)>; 7],
    holidays: BTreeSet<NaiveDate>,
}

impl BusinessHours {
    /// Compiles `calendar`, refusing what [`check_calendar`] refuses.
    pub fn new(calendar: &Calendar) -> Result<Self, SlaError> {
        check_calendar(calendar)?;
        let tz = time_zone(&calendar.time_zone)?;
        let mut days: [Vec<(TimeDelta, TimeDelta)>; 7] = Default::default();
        for (day, spans) in days.iter_mut().zip(&calendar.week) {
            *day = spans.iter().map(|s| (opens(s), closes(s))).collect();
        }
        Ok(BusinessHours {
            week: Some(Week {
                tz,
                days,
                holidays: calendar.holidays.iter().map(|h| h.date).collect(),
            }),
        })
    }

    /// Calendar time: every millisecond counts.
    pub fn around_the_clock() -> Self {
        BusinessHours { week: None }
    }

    /// `calendar` compiled, or calendar time when there is none.
    pub fn for_calendar(calendar: Option<&Calendar>) -> Result<Self, SlaError> {
        match calendar {
            Some(c) => BusinessHours::new(c),
            None => Ok(BusinessHours::around_the_clock()),
        }
    }

    /// The earliest instant by which `business_ms` of open time has passed after
    /// `start` (counting from the next opening when `start` is outside hours); `start`
    /// itself for zero or less; [`far_future`] when ten years do not hold that much.
    pub fn add(&self, start: Instant, business_ms: i64) -> Instant {
        if business_ms <= 0 {
            return start;
        }
        let Some(week) = &self.week else {
            return start
                .checked_add_signed(TimeDelta::milliseconds(business_ms))
                .unwrap_or_else(far_future);
        };
        let mut left = business_ms;
        // A day before the local date: nothing of it can reach past `start`, but it
        // costs nothing and spares reasoning about zones that change at midnight.
        let mut day = week.local_date(start).pred_opt();
        for _ in 0..SEARCH_DAYS {
            let Some(d) = day else { break };
            for (open, close) in week.open_on(d) {
                let open = open.max(start);
                if close <= open {
                    continue;
                }
                let len = (close - open).num_milliseconds();
                if len >= left {
                    return open + TimeDelta::milliseconds(left);
                }
                left -= len;
            }
            day = d.succ_opt();
        }
        far_future()
    }

    /// Open milliseconds in `[a, b)`; 0 when `b <= a`. Looks at most ten years past `a`.
    pub fn between(&self, a: Instant, b: Instant) -> i64 {
        if b <= a {
            return 0;
        }
        let Some(week) = &self.week else {
            return (b - a).num_milliseconds();
        };
        let b = a
            .checked_add_signed(TimeDelta::days(SEARCH_DAYS))
            .map_or(b, |limit| b.min(limit));
        let last = week.local_date(b);
        let mut total = 0;
        let mut day = week.local_date(a).pred_opt();
        while let Some(d) = day
            && d <= last
        {
            for (open, close) in week.open_on(d) {
                let (open, close) = (open.max(a), close.min(b));
                if close > open {
                    total += (close - open).num_milliseconds();
                }
            }
            day = d.succ_opt();
        }
        total
    }

    /// Whether `at` falls in open time.
    pub fn is_open(&self, at: Instant) -> bool {
        let Some(week) = &self.week else { return true };
        let d = week.local_date(at);
        [d.pred_opt(), Some(d)]
            .into_iter()
            .flatten()
            .flat_map(|d| week.open_on(d))
            .any(|(open, close)| open <= at && at < close)
    }
}

impl Week {
    fn local_date(&self, at: Instant) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// The day's open intervals as instants (none on a holiday).
    fn open_on(&self, day: NaiveDate) -> impl Iterator<Item = (Instant, Instant)> + '_ {
        let spans: &[(TimeDelta, TimeDelta)] = if self.holidays.contains(&day) {
            &[]
        } else {
            &self.days[day.weekday().num_days_from_monday() as usize]
        };
        let midnight = day.and_time(NaiveTime::MIN);
        spans.iter().filter_map(move |&(open, close)| {
            let open = resolve(&self.tz, midnight.checked_add_signed(open)?)?;
            let close = resolve(&self.tz, midnight.checked_add_signed(close)?)?;
            Some((open, close))
        })
    }
}

/// The instant of a local time: the earlier of two (fall back), or the first instant
/// after the gap when the time does not exist (spring forward).
fn resolve(tz: &Tz, local: NaiveDateTime) -> Option<Instant> {
    let exists = |t: NaiveDateTime| tz.from_local_datetime(&t).earliest();
    if let Some(t) = exists(local) {
        return Some(t.with_timezone(&Utc));
    }
    // Bisect for the first second after `local` that exists: gaps are at most a day.
    let after = |s: i64| local.checked_add_signed(TimeDelta::seconds(s));
    let (mut lo, mut hi) = (0i64, 26 * 3600);
    exists(after(hi)?)?;
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if exists(after(mid)?).is_some() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    exists(after(hi)?).map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;
    use crate::model::{Holiday, Span};
    use crate::sla::defaults;

    const H: i64 = 3_600_000;

    fn local(tz: &str, y: i32, m: u32, d: u32, h: u32, mi: u32) -> Instant {
        let tz: Tz = tz.parse().unwrap();
        tz.with_ymd_and_hms(y, m, d, h, mi, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32) -> Instant {
        local("UTC", y, m, d, h, mi)
    }

    fn office(tz: &str) -> BusinessHours {
        BusinessHours::new(&defaults::calendar(tz)).unwrap()
    }

    fn span(a: u32, am: u32, b: u32, bm: u32) -> Span {
        Span {
            start: NaiveTime::from_hms_opt(a, am, 0).unwrap(),
            end: NaiveTime::from_hms_opt(b, bm, 0).unwrap(),
        }
    }

    #[test]
    fn four_hours_from_friday_afternoon_fall_due_monday_noon() {
        let h = office("UTC");
        // 2026-03-27 is a Friday.
        let due = h.add(utc(2026, 3, 27, 16, 0), 4 * H);
        assert_eq!(due, utc(2026, 3, 30, 12, 0));
        assert_eq!(h.between(utc(2026, 3, 27, 16, 0), due), 4 * H);
    }

    #[test]
    fn a_monday_holiday_moves_the_deadline_to_tuesday() {
        let mut cal = defaults::calendar("UTC");
        cal.holidays.push(Holiday {
            date: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
            name: "Closed".into(),
        });
        let h = BusinessHours::new(&cal).unwrap();
        assert_eq!(
            h.add(utc(2026, 3, 27, 16, 0), 4 * H),
            utc(2026, 3, 31, 12, 0)
        );
    }

    #[test]
    fn spring_forward_keeps_local_office_hours() {
        let h = office("Europe/Berlin");
        let start = local("Europe/Berlin", 2026, 3, 27, 16, 0);
        let due = h.add(start, 4 * H);
        assert_eq!(due, local("Europe/Berlin", 2026, 3, 30, 12, 0));
        assert_eq!(due, utc(2026, 3, 30, 10, 0));
        assert_eq!(h.between(start, due), 4 * H);
    }

    #[test]
    fn fall_back_keeps_local_office_hours() {
        let h = office("Europe/Berlin");
        // 2026-10-25 is the Sunday clocks go back.
        let start = local("Europe/Berlin", 2026, 10, 23, 16, 0);
        assert_eq!(start, utc(2026, 10, 23, 14, 0));
        let due = h.add(start, 4 * H);
        assert_eq!(due, utc(2026, 10, 26, 11, 0));
        assert_eq!(h.between(start, due), 4 * H);
    }

    #[test]
    fn a_span_across_a_change_counts_real_time() {
        let mut cal = defaults::calendar("Europe/Berlin");
        cal.week[6] = vec![span(0, 0, 6, 0)];
        let h = BusinessHours::new(&cal).unwrap();
        let day = |m, d| (utc(2026, m, d - 1, 12, 0), utc(2026, m, d, 12, 0));
        let (a, b) = day(3, 29);
        assert_eq!(h.between(a, b), 5 * H);
        let (a, b) = day(10, 25);
        assert_eq!(h.between(a, b), 7 * H);
    }

    #[test]
    fn a_time_in_the_gap_means_the_end_of_the_gap_and_a_doubled_one_the_first() {
        let mut cal = defaults::calendar("Europe/Berlin");
        cal.week[6] = vec![span(2, 30, 4, 0)];
        let h = BusinessHours::new(&cal).unwrap();
        // Spring: 02:30 does not exist; the span opens at 03:00 CEST (01:00 UTC).
        assert_eq!(
            h.add(utc(2026, 3, 28, 12, 0), 1),
            utc(2026, 3, 29, 1, 0) + TimeDelta::milliseconds(1)
        );
        assert_eq!(h.between(utc(2026, 3, 29, 0, 0), utc(2026, 3, 30, 0, 0)), H);
        // Autumn: 02:30 happens twice; the span opens at the first (00:30 UTC).
        assert_eq!(
            h.add(utc(2026, 10, 24, 12, 0), 1),
            utc(2026, 10, 25, 0, 30) + TimeDelta::milliseconds(1)
        );
        assert_eq!(
            h.between(utc(2026, 10, 25, 0, 0), utc(2026, 10, 26, 0, 0)),
            5 * H / 2
        );
    }

    #[test]
    fn counting_starts_at_the_next_opening() {
        let h = office("UTC");
        // Saturday noon → Monday 09:00 + 1 h.
        assert_eq!(h.add(utc(2026, 3, 28, 12, 0), H), utc(2026, 3, 30, 10, 0));
        // Before opening on a weekday.
        assert_eq!(h.add(utc(2026, 3, 30, 6, 0), H), utc(2026, 3, 30, 10, 0));
        // Exactly to closing stays on that day.
        assert_eq!(h.add(utc(2026, 3, 27, 16, 0), H), utc(2026, 3, 27, 17, 0));
        assert_eq!(h.add(utc(2026, 3, 28, 12, 0), 0), utc(2026, 3, 28, 12, 0));
        assert!(h.is_open(utc(2026, 3, 27, 16, 59)));
        assert!(!h.is_open(utc(2026, 3, 27, 17, 0)));
    }

    #[test]
    fn between_is_zero_backwards_and_counts_only_open_time() {
        let h = office("UTC");
        let (a, b) = (utc(2026, 3, 27, 8, 0), utc(2026, 4, 3, 20, 0));
        assert_eq!(h.between(b, a), 0);
        assert_eq!(h.between(a, a), 0);
        assert_eq!(h.between(a, b), 6 * 8 * H);
    }

    #[test]
    fn a_whole_day_span_is_open_around_the_clock() {
        let mut cal = defaults::calendar("Europe/Berlin");
        cal.week = vec![vec![span(0, 0, 0, 0)]; 7];
        let h = BusinessHours::new(&cal).unwrap();
        let a = utc(2026, 3, 28, 12, 0);
        assert_eq!(h.add(a, 48 * H), a + TimeDelta::hours(48));
        assert_eq!(h.between(a, a + TimeDelta::hours(48)), 48 * H);
    }

    #[test]
    fn calendar_time_counts_every_millisecond() {
        let h = BusinessHours::around_the_clock();
        let a = utc(2026, 3, 27, 16, 0);
        assert_eq!(h.add(a, 4 * H), utc(2026, 3, 27, 20, 0));
        assert_eq!(h.between(a, utc(2026, 3, 28, 16, 0)), 24 * H);
    }

    #[test]
    fn a_calendar_with_no_open_time_is_refused() {
        let mut cal = defaults::calendar("UTC");
        cal.week = vec![Vec::new(); 7];
        assert!(BusinessHours::new(&cal).is_err());
    }

    #[test]
    fn more_than_ten_years_of_business_time_is_never() {
        let h = office("UTC");
        let a = utc(2026, 3, 27, 16, 0);
        assert_eq!(h.add(a, 20 * 365 * 24 * H), far_future());
        // A big but reachable amount: 52 weeks of 40 hours.
        let due = h.add(a, 52 * 40 * H);
        assert_eq!(h.between(a, due), 52 * 40 * H);
    }

    fn start_in_hours() -> impl Strategy<Value = Instant> {
        // Weekdays of 2026 (Mon 2026-01-05 onward) between 09:00 and 17:00.
        (0i64..52, 0i64..5, 0i64..(8 * 60)).prop_map(|(w, d, m)| {
            utc(2026, 1, 5, 9, 0) + TimeDelta::days(w * 7 + d) + TimeDelta::minutes(m)
        })
    }

    proptest! {
        #[test]
        fn between_undoes_add(start in start_in_hours(), x in 0i64..(400 * H)) {
            for zone in ["UTC", "Europe/Berlin", "America/New_York"] {
                let h = office(zone);
                prop_assert_eq!(h.between(start, h.add(start, x)), x);
            }
        }

        #[test]
        fn between_undoes_add_from_anywhere(start in 0i64..(365 * 24 * 60), x in 1i64..(100 * H)) {
            let h = office("Europe/Berlin");
            let start = utc(2026, 1, 1, 0, 0) + TimeDelta::minutes(start);
            let due = h.add(start, x);
            prop_assert_eq!(h.between(start, due), x);
            prop_assert!(h.between(start, due - TimeDelta::milliseconds(1)) < x);
        }
    }
}
