//! What a report covers: the period (`--since`/`--until`), the owner, the pipeline and
//! the bucket size (`--by week|month|quarter`). It owns the filtering and bucketing rules
//! every report shares, so "in the period" means the same thing everywhere; it does no
//! I/O. Instants are bucketed by their date in the user's local time zone, the zone the
//! CLI shows and parses dates in.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::model::{Deal, Instant};

/// The size of the buckets a report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// ISO weeks, Monday first ("2026-W48").
    Week,
    /// Calendar months ("2026-11").
    #[default]
    Month,
    /// Calendar quarters ("2026-Q4").
    Quarter,
}

impl Period {
    /// Every period, in size order.
    pub const ALL: [Period; 3] = [Period::Week, Period::Month, Period::Quarter];

    /// The word used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    /// Parses the word (case-insensitive; a plural is fine).
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.strip_suffix('s').unwrap_or(&s);
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The first day of the bucket holding `day`.
    pub fn start(self, day: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Period::Month => day.with_day(1).unwrap_or(day),
            Period::Quarter => {
                let month = (day.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
            }
        }
    }

    /// The first day of the bucket after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => start + Duration::days(7),
            Period::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start),
            Period::Quarter => start
                .checked_add_months(chrono::Months::new(3))
                .unwrap_or(start),
        }
    }

    /// The bucket's label: "2026-W48", "2026-11" or "2026-Q4".
    pub fn label(self, day: NaiveDate) -> String {
        match self {
            Period::Week => {
                let w = day.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Period::Month => format!("{}-{:02}", day.year(), day.month()),
            Period::Quarter => format!("{}-Q{}", day.year(), day.month0() / 3 + 1),
        }
    }
}

/// The local date of an instant.
pub fn local_day(t: Instant) -> NaiveDate {
    t.with_timezone(&chrono::Local).date_naive()
}

/// The filters a report applies; everything unset means "all".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Scope {
    /// First day included.
    pub since: Option<NaiveDate>,
    /// Last day included.
    pub until: Option<NaiveDate>,
    /// Only records owned by (deals, contacts), assigned to (tasks) or logged by
    /// (activities) this user.
    pub owner: Option<String>,
    /// Only deals of this pipeline (`P-id`).
    pub pipeline: Option<u64>,
    /// Bucket size for figures over time.
    pub by: Period,
}

impl Scope {
    /// Whether a date lies in the period.
    pub fn contains_day(&self, day: NaiveDate) -> bool {
        self.since.is_none_or(|s| day >= s) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether an instant's local date lies in the period.
    pub fn contains(&self, t: Instant) -> bool {
        self.contains_day(local_day(t))
    }

    /// Whether a record with this owner is in scope (case-insensitive, like `--owner`
    /// elsewhere).
    pub fn owns(&self, owner: &str) -> bool {
        self.owner
            .as_deref()
            .is_none_or(|o| o.eq_ignore_ascii_case(owner))
    }

    /// Whether a deal passes the owner and pipeline filters (not the period: each
    /// report says which of a deal's dates the period applies to).
    pub fn deal(&self, d: &Deal) -> bool {
        self.owns(&d.owner) && self.pipeline.is_none_or(|p| d.pipeline == p)
    }

    /// The bucket label of an instant.
    pub fn bucket(&self, t: Instant) -> String {
        self.by.label(local_day(t))
    }

    /// The first instant of the period, if bounded (local midnight).
    pub fn since_instant(&self) -> Option<Instant> {
        self.since.map(start_of_day)
    }

    /// The first instant after the period, if bounded (local midnight after `until`).
    pub fn until_instant(&self) -> Option<Instant> {
        self.until.and_then(|u| u.succ_opt()).map(start_of_day)
    }
}

/// Local midnight at the start of `day`, as an instant.
pub fn start_of_day(day: NaiveDate) -> Instant {
    use chrono::TimeZone;
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    chrono::Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        // A midnight skipped by a DST change: an hour later exists.
        .unwrap_or_else(|| midnight.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn buckets_start_and_label() {
        let day = d("2026-11-25"); // a Wednesday
        assert_eq!(Period::Week.start(day), d("2026-11-23"));
        assert_eq!(Period::Week.label(day), "2026-W48");
        assert_eq!(Period::Month.start(day), d("2026-11-01"));
        assert_eq!(Period::Month.next(d("2026-12-01")), d("2027-01-01"));
        assert_eq!(Period::Quarter.start(day), d("2026-10-01"));
        assert_eq!(Period::Quarter.label(day), "2026-Q4");
        assert_eq!(Period::parse("Weeks"), Some(Period::Week));
        assert_eq!(Period::parse("day"), None);
    }

    #[test]
    fn period_bounds_are_inclusive() {
        let s = Scope {
            since: Some(d("2026-11-01")),
            until: Some(d("2026-11-30")),
            ..Scope::default()
        };
        assert!(s.contains_day(d("2026-11-01")) && s.contains_day(d("2026-11-30")));
        assert!(!s.contains_day(d("2026-12-01")) && !s.contains_day(d("2026-10-31")));
    }
}
