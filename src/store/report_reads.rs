//! Reads of the report facts ([`super::facts`]) and of the indexes reports share with
//! screens: activity counts per UTC day, contacts by creation and by last activity,
//! contacts missing a field, shared duplicate fingerprints, completed and overdue tasks,
//! and the first activity on a record. Each walks index keys and small values in a
//! range; none decodes a record. Times are UTC milliseconds: the reports, which know
//! the user's time zone, choose the ranges.

use std::ops::Bound::{Excluded, Unbounded};

use redb::ReadableTable;

use super::facts::*;
use super::query::{Queries, Snapshot};
use super::tables::{IDX_QUEUE, IDX_TIMELINE};
use crate::error::Result;
use crate::model::ActivityKind;

/// Report reads over any snapshot (every [`Queries`] has them).
pub trait ReportReads: Queries {
    /// Activities per UTC day from `first` to `last` (days since 1970-01-01, both
    /// included), author and kind, in day order: `f(day, author, kind, count)`.
    fn activity_days(
        &self,
        first: i32,
        last: i32,
        f: &mut dyn FnMut(i32, &str, ActivityKind, u64),
    ) -> Result<()> {
        let Some(t) = self.snap().table(AGG_ACTIVITY)? else {
            return Ok(());
        };
        if first > last {
            return Ok(());
        }
        for row in t.range((first, "", 0)..)? {
            let (k, v) = row?;
            let (day, author, code) = k.value();
            if day > last {
                break;
            }
            if let Some(kind) = kind_of(code) {
                f(day, author, kind, v.value());
            }
        }
        Ok(())
    }

    /// Contacts created from `from` (included) to `to` (excluded), in time order:
    /// `f(created ms, contact, owner, lead-source label)`.
    fn leads_between(
        &self,
        from: i64,
        to: i64,
        f: &mut dyn FnMut(i64, u64, &str, &str),
    ) -> Result<()> {
        let Some(t) = self.snap().table(FACT_LEADS)? else {
            return Ok(());
        };
        if from >= to {
            return Ok(());
        }
        for row in t.range((from, 0)..(to, 0))? {
            let (k, v) = row?;
            let (at, id) = k.value();
            let (owner, source) = v.value();
            f(at, id, owner, source);
        }
        Ok(())
    }

    /// Contacts whose last activity (their creation, when never contacted) is before
    /// `before`: `f(contact, owner)`, oldest first.
    fn untouched_before(&self, before: i64, f: &mut dyn FnMut(u64, &str)) -> Result<()> {
        let Some(t) = self.snap().table(FACT_TOUCHED)? else {
            return Ok(());
        };
        for row in t.range(..(before, 0))? {
            let (k, v) = row?;
            f(k.value().1, v.value());
        }
        Ok(())
    }

    /// Contacts missing `field` ([`MISSING_EMAIL`] or [`MISSING_PHONE`]), in id order:
    /// `f(contact, owner)`.
    fn missing(&self, field: u8, f: &mut dyn FnMut(u64, &str)) -> Result<()> {
        let Some(t) = self.snap().table(FACT_MISSING)? else {
            return Ok(());
        };
        for row in t.range((field, 0)..=(field, u64::MAX))? {
            let (k, v) = row?;
            f(k.value().1, v.value());
        }
        Ok(())
    }

    /// The contacts of every duplicate fingerprint two or more contacts share:
    /// `f(reason, fingerprint, contact, owner, normalised text)`, fingerprint by
    /// fingerprint.
    fn shared_fingerprints(&self, f: &mut dyn FnMut(u8, u64, u64, &str, &str)) -> Result<()> {
        let (Some(shared), Some(dupes)) = (
            self.snap().table(FACT_DUPES_SHARED)?,
            self.snap().table(FACT_DUPES)?,
        ) else {
            return Ok(());
        };
        for row in shared.iter()? {
            let (reason, print) = row?.0.value();
            for row in dupes.range((reason, print, 0)..=(reason, print, u64::MAX))? {
                let (k, v) = row?;
                let (owner, key) = v.value();
                f(reason, print, k.value().2, owner, key);
            }
        }
        Ok(())
    }

    /// Tasks a person completed from `from` (included) to `to` (excluded), in time
    /// order: `f(completed ms, task, assignee)`.
    fn tasks_done_between(
        &self,
        from: i64,
        to: i64,
        f: &mut dyn FnMut(i64, u64, &str),
    ) -> Result<()> {
        let Some(t) = self.snap().table(FACT_DONE)? else {
            return Ok(());
        };
        if from >= to {
            return Ok(());
        }
        for row in t.range((from, 0)..(to, 0))? {
            let (k, v) = row?;
            let (at, id) = k.value();
            f(at, id, v.value());
        }
        Ok(())
    }

    /// Open tasks due before `day` (days since 0001-01-01, as the due index keeps
    /// them): `f(task, assignee)`, from Today's queue index.
    fn open_tasks_due_before(&self, day: i32, f: &mut dyn FnMut(u64, &str)) -> Result<()> {
        let Some(t) = self.snap().table(IDX_QUEUE)? else {
            return Ok(());
        };
        for row in t.range(..(day, 0))? {
            let (k, v) = row?;
            f(k.value().1, v.value().2);
        }
        Ok(())
    }

    /// Deals created from `from` (included) to `to` (excluded), in time order:
    /// `f(created ms, deal, owner, pipeline, lead-source label)`.
    fn deals_created_between(
        &self,
        from: i64,
        to: i64,
        f: &mut dyn FnMut(i64, u64, &str, u64, &str),
    ) -> Result<()> {
        let Some(t) = self.snap().table(FACT_DEALS_CREATED)? else {
            return Ok(());
        };
        if from >= to {
            return Ok(());
        }
        for row in t.range((from, 0)..(to, 0))? {
            let (k, v) = row?;
            let (at, id) = k.value();
            let (owner, pipeline, source) = v.value();
            f(at, id, owner, pipeline, source);
        }
        Ok(())
    }

    /// Deals won or lost from `from` (included) to `to` (excluded), in time order:
    /// `f(closed ms, deal, row)`.
    fn deals_closed_between(
        &self,
        from: i64,
        to: i64,
        f: &mut dyn FnMut(i64, u64, ClosedRow<'_>),
    ) -> Result<()> {
        let Some(t) = self.snap().table(FACT_DEALS_CLOSED)? else {
            return Ok(());
        };
        if from >= to {
            return Ok(());
        }
        for row in t.range((from, 0)..(to, 0))? {
            let (k, v) = row?;
            let (at, id) = k.value();
            f(at, id, v.value());
        }
        Ok(())
    }

    /// Every open deal, in id order: `f(deal, owner, pipeline, close day)` (the close
    /// day as days since 0001-01-01, `i32::MAX` without one).
    fn open_deals(&self, f: &mut dyn FnMut(u64, &str, u64, i32)) -> Result<()> {
        let Some(t) = self.snap().table(FACT_OPEN_DEALS)? else {
            return Ok(());
        };
        for row in t.iter()? {
            let (k, v) = row?;
            let (owner, pipeline, close) = v.value();
            f(k.value(), owner, pipeline, close);
        }
        Ok(())
    }

    /// Whether each of `deals` (ids, sorted) has a next step (an open task linked to
    /// it), in the same order.
    fn have_next_step(&self, deals: &[u64]) -> Result<Vec<bool>> {
        let Some(t) = self.snap().table(FACT_NEXT_STEPS)? else {
            return Ok(vec![false; deals.len()]);
        };
        let mut out = Vec::with_capacity(deals.len());
        for &deal in deals {
            let first = t.range((deal, 0)..=(deal, u64::MAX))?.next().transpose()?;
            out.push(first.is_some());
        }
        Ok(out)
    }

    /// For each `(packed record, from ms)`, the time of the first activity on the
    /// record from `from` (included) to `to` (excluded) that `accept` takes, if any.
    ///
    /// The records are visited in key order along one walk of the timeline index,
    /// which moves on by reading the entries in between while they are few (records
    /// created one after another sit side by side) and seeks past longer stretches.
    fn first_activities(
        &self,
        records: &[(u64, i64)],
        to: i64,
        accept: &dyn Fn(i64) -> bool,
    ) -> Result<Vec<Option<i64>>> {
        // Entries read past before a seek is cheaper.
        const WALK: usize = 24;
        let mut out = vec![None; records.len()];
        let Some(t) = self.snap().table(IDX_TIMELINE)? else {
            return Ok(out);
        };
        let mut order: Vec<usize> = (0..records.len()).filter(|&i| records[i].1 < to).collect();
        order.sort_unstable_by_key(|&i| records[i]);
        let mut next = 0;
        // The last entry read: a new walk starts after it, never before.
        let mut last: Option<(u64, i64, u64)> = None;
        while next < order.len() {
            let (rid, from) = records[order[next]];
            let start = (rid, from, 0);
            let mut walk = match last {
                Some(l) if l >= start => t.range::<(u64, i64, u64)>((Excluded(l), Unbounded))?,
                _ => t.range(start..)?,
            };
            let mut read = 0;
            while next < order.len() && read <= WALK {
                let Some(row) = walk.next() else {
                    next = order.len();
                    break;
                };
                let key = row?.0.value();
                last = Some(key);
                let (r, at, _) = key;
                read += 1;
                // Records before this entry that it passed have nothing in range.
                while next < order.len() && records[order[next]].0 < r {
                    next += 1;
                    read = 0;
                }
                let Some(&i) = order.get(next) else { break };
                let (want, from) = records[i];
                if r != want || at < from {
                    continue;
                }
                if at >= to {
                    next += 1;
                } else if accept(at) {
                    // The same record asked for again from no later: the same answer.
                    while let Some(&j) = order.get(next)
                        && records[j].0 == r
                        && records[j].1 <= at
                    {
                        out[j] = Some(at);
                        next += 1;
                    }
                } else {
                    continue;
                }
                read = 0;
            }
        }
        Ok(out)
    }
}

impl<Q: Queries> ReportReads for Q {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Kind, Record, RecordId};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The one walk finds what a look-up per record finds: the first accepted
        /// activity from each record's start, for records asked in any order, twice,
        /// or with no activity at all.
        #[test]
        fn first_activities_agree_with_a_look_up_per_record(
            acts in proptest::collection::vec((1u64..10, 0i64..200), 0..300),
            asks in proptest::collection::vec((1u64..12, 0i64..220), 0..60),
            to in 0i64..230,
        ) {
            let (_dir, store) = crate::store::scratch();
            store
                .write("test", |tx| {
                    for (contact, at) in &acts {
                        let id = tx.next_id(Kind::Activity)?;
                        tx.put(Record::Activity(Activity {
                            id,
                            at: chrono::DateTime::from_timestamp_millis(*at).unwrap_or_default(),
                            contacts: vec![*contact],
                            ..Activity::default()
                        }))?;
                    }
                    Ok(())
                })
                .unwrap();
            let accept = |ms: i64| ms % 7 != 3;
            let records: Vec<(u64, i64)> = asks
                .iter()
                .map(|(c, from)| (RecordId::new(Kind::Contact, *c).packed(), *from))
                .collect();
            let expected: Vec<Option<i64>> = asks
                .iter()
                .map(|(c, from)| {
                    acts.iter()
                        .filter(|(a, at)| a == c && at >= from && *at < to && accept(*at))
                        .map(|(_, at)| *at)
                        .min()
                })
                .collect();
            let r = store.read().unwrap();
            prop_assert_eq!(r.first_activities(&records, to, &accept).unwrap(), expected);
        }
    }
}
