//! From the store's UTC-day figures to the user's local days. The store counts
//! activities per UTC day ([`crate::store::facts::AGG_ACTIVITY`]); a report buckets them
//! by local date. A UTC day whose every moment falls in the same class (the same bucket
//! of the period, or outside it) is taken whole from the counts; a UTC day cut by a
//! class boundary (a period end, a bucket start) has the activities of its shorter
//! pieces read one by one, and the rest is the day's count minus those. So a report
//! decodes at most a few hours of activities per boundary, whatever the period's length.
//!
//! Instants in a range of the store's time indexes are "in the period" by the same rule
//! everywhere ([`Edges`]): far from the period's ends by the range alone, near them by
//! the local date, exactly as [`Scope::contains`] says.

use std::collections::BTreeMap;

use super::read;
use super::scope::{Scope, local_day};
use crate::error::Result;
use crate::model::{ActivityKind, Instant};
use crate::store::facts::{DAY_MS, kind_code, utc_day};
use crate::store::{Queries, ReportReads};

/// The instant of a UTC millisecond count (the epoch when out of range).
pub fn instant(ms: i64) -> Instant {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// How far from a period's ends an instant's local date cannot differ from its UTC
/// side of the end (more than any UTC offset, twice).
const MARGIN: i64 = 3 * DAY_MS;

/// A period's ends as UTC milliseconds, and the rule for what lies in it.
#[derive(Debug, Clone, Copy)]
pub struct Edges<'a> {
    scope: &'a Scope,
    lo: Option<i64>,
    hi: Option<i64>,
}

impl<'a> Edges<'a> {
    /// The edges of the scope's period.
    pub fn of(scope: &'a Scope) -> Edges<'a> {
        Edges {
            scope,
            lo: scope.since_instant().map(|t| t.timestamp_millis()),
            hi: scope.until_instant().map(|t| t.timestamp_millis()),
        }
    }

    /// The first instant of the period (unbounded: the earliest).
    pub fn lo(&self) -> i64 {
        self.lo.unwrap_or(i64::MIN)
    }

    /// The first instant after the period (unbounded: the latest).
    pub fn hi(&self) -> i64 {
        self.hi.unwrap_or(i64::MAX)
    }

    /// A range of an index holding every instant whose local date is in the period.
    pub fn wide(&self) -> (i64, i64) {
        (
            self.lo.map_or(i64::MIN, |l| l.saturating_sub(MARGIN)),
            self.hi.map_or(i64::MAX, |h| h.saturating_add(MARGIN)),
        )
    }

    /// Whether an instant's local date is in the period ([`Scope::contains`]), without
    /// asking the time zone far from the ends.
    pub fn contains(&self, ms: i64) -> bool {
        let inside = self.lo.is_none_or(|l| ms >= l.saturating_add(MARGIN))
            && self.hi.is_none_or(|h| ms < h.saturating_sub(MARGIN));
        inside || self.scope.contains(instant(ms))
    }

    /// Whether an instant is in the period as the activity time index is read: from
    /// the first instant to the first after (both local midnights), local date in it.
    pub fn holds(&self, ms: i64) -> bool {
        ms >= self.lo() && ms < self.hi() && self.contains(ms)
    }
}

/// Activities per (class, author) and kind (counts indexed by
/// [`crate::store::facts::kind_code`]), over the activities `edges` holds; `class`
/// gives an instant's class from its local date (a bucket; `None` leaves it out).
pub fn activity_counts<Q, C>(
    q: &Q,
    edges: &Edges,
    class: impl Fn(chrono::NaiveDate) -> Option<C>,
) -> Result<BTreeMap<(C, String), [u64; 4]>>
where
    Q: Queries + ReportReads,
    C: Ord + Clone,
{
    let class_at = |ms: i64| {
        if edges.holds(ms) {
            class(local_day(instant(ms)))
        } else {
            None
        }
    };
    let first = edges.lo.map_or(i32::MIN, |l| utc_day(l).saturating_sub(1));
    let last = edges.hi.map_or(i32::MAX, |h| utc_day(h).saturating_add(1));
    let mut rows: Vec<(i32, String, ActivityKind, u64)> = Vec::new();
    q.activity_days(first, last, &mut |day, author, kind, n| {
        rows.push((day, author.to_string(), kind, n))
    })?;
    let mut out: BTreeMap<(C, String), [u64; 4]> = BTreeMap::new();
    let mut add = |c: &C, author: &str, kind: ActivityKind, n: u64| {
        if n > 0 {
            let slot = out.entry((c.clone(), author.to_string())).or_default();
            slot[usize::from(kind_code(kind))] += n;
        }
    };
    for day_rows in rows.chunk_by(|a, b| a.0 == b.0) {
        let start = i64::from(day_rows[0].0) * DAY_MS;
        let pieces = pieces(start, start + DAY_MS, edges);
        // Each piece's class at both its ends: one class per piece unless the zone
        // does something odd inside it.
        let classes: Vec<(Option<C>, Option<C>)> = pieces
            .iter()
            .map(|&(a, b)| (class_at(a), class_at(b - 1)))
            .collect();
        let uniform = classes.iter().all(|(a, b)| a == b);
        if uniform && classes.windows(2).all(|w| w[0].0 == w[1].0) {
            if let Some(c) = &classes[0].0 {
                for (_, author, kind, n) in day_rows {
                    add(c, author, *kind, *n);
                }
            }
            continue;
        }
        // The longest piece takes the day's count minus the others, read one by one;
        // a day the zone makes odd is read whole.
        let rest = if uniform {
            pieces
                .iter()
                .enumerate()
                .max_by_key(|(_, (a, b))| b - a)
                .map(|(i, _)| i)
        } else {
            None
        };
        let mut left: Vec<(&str, ActivityKind, u64)> = day_rows
            .iter()
            .map(|(_, author, kind, n)| (author.as_str(), *kind, *n))
            .collect();
        for (i, &(a, b)) in pieces.iter().enumerate() {
            if Some(i) == rest {
                continue;
            }
            for act in read::activities_between(q, Some(instant(a)), Some(instant(b)))? {
                let ms = act.at.timestamp_millis();
                if let Some(c) = class_at(ms) {
                    add(&c, &act.author, act.kind, 1);
                }
                if let Some(row) = left
                    .iter_mut()
                    .find(|(author, kind, _)| *author == act.author && *kind == act.kind)
                {
                    row.2 = row.2.saturating_sub(1);
                }
            }
        }
        if let Some(Some(c)) = rest.map(|i| &classes[i].0) {
            for (author, kind, n) in left {
                add(c, author, kind, n);
            }
        }
    }
    Ok(out)
}

// A UTC day [start, end) cut at the local midnights and period ends inside it.
fn pieces(start: i64, end: i64, edges: &Edges) -> Vec<(i64, i64)> {
    let mut cuts: Vec<i64> = Vec::new();
    let mut day = local_day(instant(start));
    for _ in 0..4 {
        let Some(next) = day.succ_opt() else { break };
        let m = super::scope::start_of_day(next).timestamp_millis();
        if m >= end {
            break;
        }
        if m > start {
            cuts.push(m);
        }
        day = next;
    }
    cuts.extend(
        [edges.lo, edges.hi]
            .into_iter()
            .flatten()
            .filter(|t| *t > start && *t < end),
    );
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = start;
    for c in cuts {
        out.push((from, c));
        from = c;
    }
    out.push((from, end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_cut_at_the_period_ends() {
        let scope = Scope::default();
        let mut e = Edges::of(&scope);
        e.lo = Some(5 * DAY_MS + 1000);
        let p = pieces(5 * DAY_MS, 6 * DAY_MS, &e);
        assert!(p.contains(&(5 * DAY_MS, 5 * DAY_MS + 1000)) || p.len() > 2);
        assert_eq!(p.first().map(|x| x.0), Some(5 * DAY_MS));
        assert_eq!(p.last().map(|x| x.1), Some(6 * DAY_MS));
        assert!(p.windows(2).all(|w| w[0].1 == w[1].0));
    }
}
