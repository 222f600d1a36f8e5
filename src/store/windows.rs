//! Reads of the windows a screen shows, through the derived tables ([`super::derive`]):
//! a stage's cards and totals, a page of a sorted table, Today's queue, names for
//! completion. Each reads index keys and small values; none decodes a whole table.

use redb::ReadableTable;

use super::query::{Queries, Snapshot};
use super::sort_pages::IDX_SORT_PAGE;
use super::tables::*;
use crate::error::Result;
use crate::model::{Kind, RecordId};

/// One open dated task as Today's queue sees it (from the queue index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    /// Due day, as days since 0001-01-01.
    pub day: i32,
    /// The task's id.
    pub task: u64,
    /// 0 low, 1 normal, 2 high.
    pub priority: u8,
    /// The linked deal's value in minor units (0 without a deal).
    pub deal_value: i64,
    /// Minutes after midnight plus one; 0 without a time.
    pub time: u32,
}

/// Window reads over any snapshot (every [`Queries`] has them).
pub trait Windows: Queries {
    /// Open deals of a stage in card order (longest in the stage first), after the card
    /// `after` (its stage-entry time and id), at most `limit`: (entered ms, deal id).
    fn cards(
        &self,
        pipeline: u64,
        stage: u32,
        after: Option<(i64, u64)>,
        limit: usize,
    ) -> Result<Vec<(i64, u64)>> {
        let Some(t) = self.snap().table(IDX_CARD)? else {
            return Ok(Vec::new());
        };
        let end = (pipeline, stage, i64::MAX, u64::MAX);
        let mut out = Vec::new();
        let range = match after {
            Some((at, id)) => t.range((pipeline, stage, at, id)..=end)?,
            None => t.range((pipeline, stage, i64::MIN, 0)..=end)?,
        };
        for row in range {
            let k = row?.0.value();
            if after == Some((k.2, k.3)) {
                continue;
            }
            out.push((k.2, k.3));
            if out.len() >= limit {
                break;
            }
        }
        Ok(out)
    }

    /// How many cards come before a deal's card in its stage (reads index keys only).
    fn card_rank(&self, pipeline: u64, stage: u32, entered: i64, deal: u64) -> Result<usize> {
        let Some(t) = self.snap().table(IDX_CARD)? else {
            return Ok(0);
        };
        let mut n = 0;
        for row in t.range((pipeline, stage, i64::MIN, 0)..(pipeline, stage, entered, deal))? {
            row?;
            n += 1;
        }
        Ok(n)
    }

    /// A stage's open deals in figures, from the aggregates (no deal is decoded);
    /// `owner` keeps one owner's; `probability` is the stage's.
    fn stage_totals(
        &self,
        pipeline: u64,
        stage: u32,
        owner: Option<&str>,
        probability: u8,
    ) -> Result<super::aggregate::StageTotals> {
        let mut totals = super::aggregate::StageTotals::default();
        let Some(t) = self.snap().table(super::aggregate::AGG_STAGE)? else {
            return Ok(totals);
        };
        let start = (pipeline, stage, owner.unwrap_or(""), "");
        for row in t.range(start..)? {
            let (k, v) = row?;
            let (p, s, o, currency) = k.value();
            if (p, s) != (pipeline, stage) || owner.is_some_and(|w| w != o) {
                break;
            }
            totals.add_row(currency, v.value(), probability);
        }
        Ok(totals.finish())
    }

    /// A page of a sorted table ([`super::sort`]): entries of column `tag` after (or,
    /// going back, before) `from`, at most `limit`, in the direction of travel.
    fn sorted(
        &self,
        tag: u8,
        from: Option<(&str, u64)>,
        forward: bool,
        limit: usize,
    ) -> Result<Vec<(String, u64)>> {
        let mut out = Vec::new();
        self.walk_sorted(tag, from, forward, &mut |key, id| {
            out.push((key.to_string(), id));
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    /// Walks column `tag` of the sort index in order (or backwards), from just past the
    /// entry `after` when given; `f` gets each (key, id) and says whether to go on. Reads
    /// index keys only: a list decodes just the records it shows.
    fn walk_sorted(
        &self,
        tag: u8,
        after: Option<(&str, u64)>,
        forward: bool,
        f: &mut dyn FnMut(&str, u64) -> Result<bool>,
    ) -> Result<()> {
        use std::ops::Bound::{Excluded, Unbounded};
        let Some(t) = self.snap().table(IDX_SORT_PAGE)? else {
            return Ok(());
        };
        let from = match after {
            Some(at) => Excluded(at),
            None => Unbounded,
        };
        super::sort_pages::walk(&t, tag, from, forward, f)?;
        Ok(())
    }

    /// Walks the entries of column `tag` whose key starts with `prefix`, in order, from
    /// just past `after` when given; `f` says whether to go on. Returns false when `f`
    /// stopped the walk.
    fn walk_prefix(
        &self,
        tag: u8,
        prefix: &str,
        after: Option<(&str, u64)>,
        f: &mut dyn FnMut(&str, u64) -> Result<bool>,
    ) -> Result<bool> {
        use std::ops::Bound::{Excluded, Included};
        let Some(t) = self.snap().table(IDX_SORT_PAGE)? else {
            return Ok(true);
        };
        let from = match after {
            Some(at) => Excluded(at),
            None => Included((prefix, 0)),
        };
        let mut stopped = false;
        super::sort_pages::walk(&t, tag, from, true, &mut |key, id| {
            if !key.starts_with(prefix) {
                return Ok(false);
            }
            let go = f(key, id)?;
            stopped = !go;
            Ok(go)
        })?;
        Ok(!stopped)
    }

    /// Walks activities newest first — all of them, or those on one record's timeline
    /// — from just before `before` (its time in ms and id) when given; `f` gets each
    /// (time ms, id) and says whether to go on.
    fn walk_activities(
        &self,
        on: Option<RecordId>,
        before: Option<(i64, u64)>,
        f: &mut dyn FnMut(i64, u64) -> Result<bool>,
    ) -> Result<()> {
        let (at, id) = before.unwrap_or((i64::MAX, u64::MAX));
        match on {
            None => {
                let Some(t) = self.snap().table(IDX_ACTIVITY_TIME)? else {
                    return Ok(());
                };
                for row in t.range((i64::MIN, 0)..(at, id))?.rev() {
                    let (k, _) = row?;
                    let (when, a) = k.value();
                    if !f(when, a)? {
                        break;
                    }
                }
            }
            Some(rid) => {
                let Some(t) = self.snap().table(IDX_TIMELINE)? else {
                    return Ok(());
                };
                let p = rid.packed();
                for row in t.range((p, i64::MIN, 0)..(p, at, id))?.rev() {
                    let (k, _) = row?;
                    let (_, when, a) = k.value();
                    if !f(when, a)? {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Entries of column `tag` from key `key` on (inclusive), at most `limit`.
    fn sorted_from(&self, tag: u8, key: &str, limit: usize) -> Result<Vec<(String, u64)>> {
        let Some(t) = self.snap().table(IDX_SORT_PAGE)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let from = std::ops::Bound::Included((key, 0));
        super::sort_pages::walk(&t, tag, from, true, &mut |k, id| {
            out.push((k.to_string(), id));
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    /// Ids of column `tag` whose key contains `text`, in key order, at most `limit`,
    /// skipping `except` (reads index keys only).
    fn sorted_containing(
        &self,
        tag: u8,
        text: &str,
        limit: usize,
        except: &[u64],
    ) -> Result<Vec<u64>> {
        let Some(t) = self.snap().table(IDX_SORT_PAGE)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let from = std::ops::Bound::Unbounded;
        super::sort_pages::walk(&t, tag, from, true, &mut |key, id| {
            if key.contains(text) && !except.contains(&id) {
                out.push(id);
            }
            Ok(out.len() < limit)
        })?;
        Ok(out)
    }

    /// Records of `kind` whose folded name, lower-cased, starts with (first) or contains
    /// `text` (folded, lower-case), at most `limit`; reads the search table's short texts.
    fn search_names(&self, kind: Kind, text: &str, limit: usize) -> Result<Vec<u64>> {
        let (mut prefix, mut inner) = (Vec::new(), Vec::new());
        super::search_pages::scan(self.snap(), Some(kind), &mut |packed, row| {
            let name = row
                .split(crate::search::SEP)
                .next()
                .unwrap_or("")
                .to_lowercase();
            let id = packed & ((1 << 56) - 1);
            if name.starts_with(text) {
                prefix.push(id);
                if prefix.len() >= limit {
                    return false;
                }
            } else if inner.len() < limit && name.contains(text) {
                inner.push(id);
            }
            true
        })?;
        prefix.extend(inner);
        prefix.truncate(limit);
        Ok(prefix)
    }

    /// The search index's rows of `kind` in share `part` of `parts` equal shares of the
    /// kind's id space, in id order: `f` gets each row (id, letter mask, stored folded
    /// fields not yet read as text) and says whether to go on. Reads the paged layout ([`super::search_pages`]): a few
    /// hundred values for a hundred thousand rows. Several shares can be read at once,
    /// one per thread.
    fn search_rows(
        &self,
        kind: Kind,
        part: u64,
        parts: u64,
        f: &mut dyn FnMut(super::search_pages::Row<'_>) -> bool,
    ) -> Result<()> {
        use super::search_pages::{IDX_SEARCH_PAGE, PAGE, page_of, raw_rows};
        let Some(t) = self.snap().table(IDX_SEARCH_PAGE)? else {
            return Ok(());
        };
        let end = self.meta(next_id_key(kind))?.max(1);
        // Shares are whole pages, so no page is read twice.
        let pages = end.div_ceil(PAGE);
        let step = pages.div_ceil(parts.max(1)).max(1);
        let lo = (part * step).min(pages) * PAGE;
        // The last share runs to the end of the kind, past any id the counter missed.
        let hi = if part + 1 >= parts {
            (1 << 56) - 1
        } else {
            ((part + 1) * step).min(pages) * PAGE
        };
        if lo >= hi {
            return Ok(());
        }
        let range = page_of(RecordId::new(kind, lo).packed())..RecordId::new(kind, hi).packed();
        for row in t.range(range)? {
            let (k, v) = row?;
            let go = raw_rows(k.value(), v.value(), f)?;
            if !go {
                break;
            }
        }
        Ok(())
    }

    /// Where an entry stands in a sorted table: how many entries of `tag` come before it
    /// (counts index keys only; for the position shown beside a scrolled list).
    fn sorted_rank(&self, tag: u8, key: &str, id: u64) -> Result<u64> {
        let Some(t) = self.snap().table(IDX_SORT_PAGE)? else {
            return Ok(0);
        };
        super::sort_pages::rank(&t, tag, (key, id))
    }

    /// Today's queue from index entries alone: open tasks due from `from` to `to`
    /// (either end open), of `assignee` when given, with what their urgency order
    /// needs, by due date.
    fn queue_entries(
        &self,
        from: Option<chrono::NaiveDate>,
        to: Option<chrono::NaiveDate>,
        assignee: Option<&str>,
    ) -> Result<Vec<QueueEntry>> {
        use chrono::Datelike;
        let Some(t) = self.snap().table(IDX_QUEUE)? else {
            return Ok(Vec::new());
        };
        let lo = from.map(|d| d.num_days_from_ce()).unwrap_or(i32::MIN);
        let hi = to.map(|d| d.num_days_from_ce()).unwrap_or(i32::MAX);
        let mut out = Vec::new();
        for row in t.range((lo, 0)..=(hi, u64::MAX))? {
            let (k, v) = row?;
            let (day, task) = k.value();
            let (priority, deal_value, who, time) = v.value();
            if assignee.is_some_and(|a| a != who) {
                continue;
            }
            out.push(QueueEntry {
                day,
                task,
                priority,
                deal_value,
                time,
            });
        }
        Ok(out)
    }
}

impl<Q: Queries> Windows for Q {}
