//! Reads of the report facts ([`super::facts`]) and of the indexes reports share with
//! screens: activity counts per UTC day, contacts by creation and by last activity,
//! contacts missing a field, shared duplicate fingerprints, completed and overdue tasks,
//! and the first activity on a record. Each walks index keys and small values in a
//! range; none decodes a record. Times are UTC milliseconds: the reports, which know
//! the user's time zone, choose the ranges.

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
    /// `f(reason, fingerprint, contact, owner)`, fingerprint by fingerprint.
    fn shared_fingerprints(&self, f: &mut dyn FnMut(u8, u64, u64, &str)) -> Result<()> {
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
                f(reason, print, k.value().2, v.value());
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
    fn first_activities(
        &self,
        records: &[(u64, i64)],
        to: i64,
        accept: &dyn Fn(i64) -> bool,
    ) -> Result<Vec<Option<i64>>> {
        let Some(t) = self.snap().table(IDX_TIMELINE)? else {
            return Ok(vec![None; records.len()]);
        };
        let mut out = Vec::with_capacity(records.len());
        for &(rid, from) in records {
            let mut first = None;
            if from < to {
                for row in t.range((rid, from, 0)..(rid, to, 0))? {
                    let at = row?.0.value().1;
                    if accept(at) {
                        first = Some(at);
                        break;
                    }
                }
            }
            out.push(first);
        }
        Ok(out)
    }
}

impl<Q: Queries> ReportReads for Q {}
