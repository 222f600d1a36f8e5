//! Bulk loading for `rolo demo` and large imports: records and their index entries
//! written through tables opened once, in one transaction, recorded in the change log
//! as a single bulk entry (listing no records, so it cannot be undone).

use redb::{ReadableTable, WriteTransaction};

use super::index::{self, IndexTables};
use super::tables::*;
use super::{Change, EntryKind, Store};
use crate::error::Result;
use crate::model::{Kind, Record};

/// A bulk load in progress; `finish` commits it.
pub struct BulkLoad<'s> {
    store: &'s Store,
    txn: WriteTransaction,
    count: u64,
}

impl Store {
    /// Starts a bulk load (waits for the write lock like any write).
    pub fn bulk(&self) -> Result<BulkLoad<'_>> {
        Ok(BulkLoad {
            store: self,
            txn: self.begin_write()?,
            count: 0,
        })
    }
}

impl BulkLoad<'_> {
    /// Allocates `n` consecutive ids of `kind` and returns the first.
    pub fn reserve_ids(&mut self, kind: Kind, n: u64) -> Result<u64> {
        let key = next_id_key(kind);
        let mut meta = self.txn.open_table(META)?;
        let first = meta.get(key)?.map(|v| v.value()).unwrap_or(1).max(1);
        meta.insert(key, first + n)?;
        Ok(first)
    }

    /// Inserts new records (ids already allocated with `reserve_ids`).
    pub fn insert_all(&mut self, recs: &[Record]) -> Result<()> {
        let Some(first) = recs.first() else {
            return Ok(());
        };
        let mut idx = IndexTables::open(&self.txn)?;
        let mut table = self.txn.open_table(records(first.kind()))?;
        for rec in recs {
            debug_assert_eq!(rec.kind(), first.kind());
            idx.insert(&index::keys(rec))?;
            table.insert(rec.id(), encode(rec)?.as_slice())?;
            self.count += 1;
        }
        Ok(())
    }

    /// Commits, with one change-log entry summarising the load.
    pub fn finish(self, op: &str, summary: String) -> Result<u64> {
        let no_changes: Vec<Change> = Vec::new();
        let rev = self
            .store
            .append_entry(&self.txn, op, EntryKind::Bulk, summary, no_changes)?;
        self.txn.commit()?;
        Ok(rev)
    }

    /// How many records were inserted.
    pub fn count(&self) -> u64 {
        self.count
    }
}
