//! The facts of many new records at once (an import): every fact is collected first
//! (by the helper that builds staged records' index entries as the rows come, or in
//! two halves of the records on two threads), then each table's rows are inserted in
//! key order (the fingerprints on one thread, the other tables on another), the
//! per-day activity counts are added once per day, author and kind, and each duplicate
//! fingerprint is recounted once — instead of a walk down every table for every record.

use std::collections::{BTreeMap, BTreeSet};

use redb::{ReadableTable, ReadableTableMetadata};

use super::tables::{PrintTables, RowTables};
use super::{Fact, FactTables, facts};
use crate::error::Result;
use crate::model::Record;

/// From how many records their facts are gathered, and the fingerprints written, on a
/// second thread: an import's, not a chunk of a demo or backup copy (4,096 records),
/// whose many short-lived threads would each leave memory in a malloc arena of its own
/// (a backup of L peaked at 86 MB with them, 58 MB without).
const SIDE_BY_SIDE: usize = 16_384;

impl FactTables<'_> {
    /// Adds the facts of records that had none before (new records): the fingerprints
    /// and the other facts side by side when there are many.
    pub fn account_new(&mut self, recs: &[&Record]) -> Result<()> {
        let new = if recs.len() < SIDE_BY_SIDE {
            NewFacts::of(recs)
        } else {
            let mut parts = crate::par::in_shares(recs.to_vec(), 2, |share| NewFacts::of(&share));
            let mut all = parts.remove(0);
            for p in parts {
                all.join(p);
            }
            all
        };
        self.add_new(new)
    }

    /// Adds the facts gathered of new records ([`NewFacts`]).
    pub fn add_new(&mut self, new: NewFacts) -> Result<()> {
        let NewFacts {
            records,
            mut rows,
            mut prints,
            counts,
        } = new;
        let FactTables {
            rows: row_tables,
            prints: print_tables,
        } = self;
        if records < SIDE_BY_SIDE {
            print_tables.add_new(&mut prints)?;
            return row_tables.add_new(&mut rows, counts);
        }
        let added = std::thread::scope(|s| {
            let helper = s.spawn(|| print_tables.add_new(&mut prints));
            let mine = row_tables.add_new(&mut rows, counts);
            let theirs = helper.join().unwrap_or_else(|_| {
                Err(crate::Error::Storage(
                    "adding the new contacts' duplicate fingerprints failed".into(),
                ))
            });
            mine.and(theirs)
        });
        // Hundreds of thousands of strings: freed beside the rest of the write.
        crate::par::drop_aside((rows, prints));
        added
    }
}

/// The facts of new records: fingerprints, other rows, and activities counted by day,
/// author and kind; gathered as the records come (by the helper that builds staged
/// records' index entries), then added in key order by [`FactTables::add_new`].
#[derive(Default)]
pub struct NewFacts {
    /// Of how many records.
    records: usize,
    rows: Vec<(Place, Fact)>,
    prints: Vec<(Place, Fact)>,
    counts: BTreeMap<(i32, String, u8), u64>,
}

impl NewFacts {
    /// The facts of `recs`.
    pub fn of(recs: &[&Record]) -> NewFacts {
        let mut new = NewFacts::default();
        new.add(recs.iter().copied());
        new
    }

    /// Adds the facts of more records (gathered in place, not joined from a second
    /// list).
    pub fn add<'r>(&mut self, recs: impl IntoIterator<Item = &'r Record>) {
        for rec in recs {
            self.records += 1;
            for f in facts(Some(rec)) {
                match f {
                    Fact::Activity(day, author, kind) => {
                        *self.counts.entry((day, author, kind)).or_default() += 1;
                    }
                    f @ Fact::Dupe(..) => self.prints.push((place(&f), f)),
                    f => self.rows.push((place(&f), f)),
                }
            }
        }
    }

    /// Adds the facts of more records.
    pub fn join(&mut self, other: NewFacts) {
        self.records += other.records;
        self.rows.extend(other.rows);
        self.prints.extend(other.prints);
        for (key, n) in other.counts {
            *self.counts.entry(key).or_default() += n;
        }
    }
}

impl RowTables<'_> {
    /// Inserts new rows (any order) in key order and adds the activity counts.
    fn add_new(
        &mut self,
        rows: &mut [(Place, Fact)],
        counts: BTreeMap<(i32, String, u8), u64>,
    ) -> Result<()> {
        rows.sort_unstable_by_key(|r| r.0);
        for (_, f) in rows.iter() {
            self.apply(f, true)?;
        }
        for ((day, author, kind), n) in counts {
            let key = (day, author.as_str(), kind);
            let had = self.activity.get(key)?.map(|v| v.value()).unwrap_or(0);
            self.activity.insert(key, had.saturating_add(n))?;
        }
        Ok(())
    }
}

impl PrintTables<'_> {
    /// Inserts new fingerprint rows (any order) in key order and counts the shared.
    fn add_new(&mut self, rows: &mut [(Place, Fact)]) -> Result<()> {
        rows.sort_unstable_by_key(|r| r.0);
        // Into an empty table, a fingerprint's holders are the new rows that have it
        // (sorted, so they come together): no walk over the table to count them.
        let fresh = self.dupes.is_empty()?;
        let mut runs: Vec<((u8, u64), u64)> = Vec::new();
        let mut prints = BTreeSet::new();
        for (_, f) in rows.iter() {
            if let Fact::Dupe(reason, print, ..) = f {
                match runs.last_mut() {
                    Some((p, n)) if *p == (*reason, *print) => *n += 1,
                    _ => runs.push(((*reason, *print), 1)),
                }
            }
            self.apply(f, true, (!fresh).then_some(&mut prints))?;
        }
        // Only rows were added: a fingerprint held by fewer than two contacts now was
        // not shared before either, so nothing is removed.
        if fresh {
            for ((reason, print), n) in runs {
                if n >= 2 {
                    self.shared.insert((reason, print), n)?;
                }
            }
            return Ok(());
        }
        for (reason, print) in prints {
            let n = self.holders(reason, print)?;
            if n >= 2 {
                self.shared.insert((reason, print), n)?;
            }
        }
        Ok(())
    }
}

/// Where a fact's row sorts: its table, then its key (signed times shifted so that
/// they order as unsigned numbers).
type Place = (u8, u64, u64, u64);

fn place(f: &Fact) -> Place {
    let time = |t: i64| (t as u64) ^ (1 << 63);
    match f {
        Fact::Lead(at, id, ..) => (0, time(*at), *id, 0),
        Fact::Touched(at, id, _) => (1, time(*at), *id, 0),
        Fact::Missing(field, id, _) => (2, u64::from(*field), *id, 0),
        Fact::Dupe(reason, print, id, ..) => (3, u64::from(*reason), *print, *id),
        Fact::Done(at, id, _) => (4, time(*at), *id, 0),
        Fact::NextStep(deal, task) => (5, *deal, *task, 0),
        Fact::DealCreated(at, id, ..) => (6, time(*at), *id, 0),
        Fact::DealClosed(at, id, _) => (7, time(*at), *id, 0),
        Fact::OpenDeal(id, ..) => (8, *id, 0, 0),
        Fact::Activity(day, _, kind) => (9, time(i64::from(*day)), u64::from(*kind), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_order_signed_times_like_the_tables() {
        let a = place(&Fact::Done(-5, 1, String::new()));
        let b = place(&Fact::Done(3, 1, String::new()));
        assert!(a < b);
        assert!(place(&Fact::Lead(i64::MAX, 9, String::new(), String::new())) < b);
    }
}
