//! `Tx`: one write transaction of one operation. Ops read and write records through it;
//! it keeps indexes in step and collects the before/after of every record touched,
//! which [`super::Store::write`] turns into the operation's change-log entry.

use std::collections::HashMap;

use redb::{ReadableTable, WriteTransaction};

use super::actor::Actor;
use super::changelog::Change;
use super::index::{self, IndexTables};
use super::query::Queries;
use super::tables::*;
use crate::error::Result;
use crate::model::record::Entity;
use crate::model::{Instant, Kind, Record, RecordId};

/// A write transaction in progress.
pub struct Tx<'s> {
    pub(super) txn: WriteTransaction,
    pub(super) changes: Vec<Change>,
    /// Position of each touched record in `changes`, so bulk operations stay linear.
    touched: HashMap<RecordId, usize>,
    pub(super) summary: String,
    /// The rule whose actions are being applied, recorded on each change it makes.
    pub cause: Option<String>,
    /// (rule, record) pairs fired in this operation: a rule fires at most once per
    /// record per operation, so a rule that re-triggers itself cannot loop.
    pub fired: std::collections::HashSet<(u64, RecordId)>,
    /// Things the person should know that did not stop the operation.
    pub warnings: Vec<String>,
    now: Instant,
    actor: &'s Actor,
}

impl Queries for Tx<'_> {
    type Snap = WriteTransaction;
    fn snap(&self) -> &WriteTransaction {
        &self.txn
    }
}

impl<'s> Tx<'s> {
    pub(super) fn new(txn: WriteTransaction, now: Instant, actor: &'s Actor) -> Self {
        Tx {
            txn,
            changes: Vec::new(),
            touched: HashMap::new(),
            summary: String::new(),
            cause: None,
            fired: Default::default(),
            warnings: Vec::new(),
            now,
            actor,
        }
    }

    /// The time this operation happens at (one instant for the whole operation).
    pub fn now(&self) -> Instant {
        self.now
    }

    /// Who is making the change.
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// Sets the one-line description recorded in the change log.
    pub fn describe(&mut self, summary: impl Into<String>) {
        self.summary = summary.into();
    }

    /// Allocates the next id of `kind`.
    pub fn next_id(&mut self, kind: Kind) -> Result<u64> {
        let key = next_id_key(kind);
        let mut meta = self.txn.open_table(META)?;
        let next = meta.get(key)?.map(|v| v.value()).unwrap_or(1).max(1);
        meta.insert(key, next + 1)?;
        Ok(next)
    }

    /// Keeps the id counter of `kind` past `id` (after a record is re-created by redo).
    fn reserve_id(&mut self, kind: Kind, id: u64) -> Result<()> {
        let key = next_id_key(kind);
        let mut meta = self.txn.open_table(META)?;
        let next = meta.get(key)?.map(|v| v.value()).unwrap_or(1);
        if next <= id {
            meta.insert(key, id + 1)?;
        }
        Ok(())
    }

    /// Creates a record of type `T` with a fresh id and returns it.
    pub fn create<T: Entity>(&mut self, mut rec: T) -> Result<T> {
        let id = self.next_id(T::KIND)?;
        rec.set_id(id);
        self.put(rec.clone().into_record())?;
        Ok(rec)
    }

    /// Writes a record (insert or replace), keeping its indexes in step.
    pub fn put(&mut self, rec: Record) -> Result<()> {
        let rid = rec.rid();
        let before = self.get_record(rid)?;
        if before.as_ref() == Some(&rec) {
            return Ok(());
        }
        {
            // Only the entries that differ are touched: every page a write dirties is
            // written and synced at commit, so an edit that leaves an index alone keeps
            // the commit small.
            let new = index::keys(&rec);
            let old = before.as_ref().map(index::keys).unwrap_or_default();
            let removed: Vec<_> = old.iter().filter(|k| !new.contains(k)).cloned().collect();
            let added: Vec<_> = new.iter().filter(|k| !old.contains(k)).cloned().collect();
            if !removed.is_empty() || !added.is_empty() {
                let mut idx = IndexTables::open(&self.txn)?;
                idx.remove(&removed)?;
                idx.insert(&added)?;
            }
        }
        {
            let bytes = encode(&rec)?;
            let mut table = self.txn.open_table(records(rid.kind))?;
            table.insert(rid.id, bytes.as_slice())?;
        }
        self.reserve_id(rid.kind, rid.id)?;
        self.note(rid, before, Some(rec));
        Ok(())
    }

    /// Deletes a record and its index entries; deleting a missing record is a no-op.
    pub fn delete(&mut self, rid: RecordId) -> Result<()> {
        let Some(before) = self.get_record(rid)? else {
            return Ok(());
        };
        {
            let mut idx = IndexTables::open(&self.txn)?;
            idx.remove(&index::keys(&before))?;
        }
        {
            let mut table = self.txn.open_table(records(rid.kind))?;
            table.remove(rid.id)?;
        }
        self.note(rid, Some(before), None);
        Ok(())
    }

    /// Records a change, folding repeated writes of one record into one before/after.
    fn note(&mut self, rid: RecordId, before: Option<Record>, after: Option<Record>) {
        match self.touched.get(&rid) {
            Some(&i) => self.changes[i].after = after,
            None => {
                self.touched.insert(rid, self.changes.len());
                self.changes.push(Change {
                    rid,
                    before,
                    after,
                    cause: self.cause.clone(),
                });
            }
        }
    }

    /// Records that time rule `rule` fired for `rid` on `occurrence` (a stage-entry time,
    /// a quiet period's start...). Returns false when it already had: then the caller
    /// must not fire again.
    pub fn mark_fired(&mut self, rule: u64, rid: RecordId, occurrence: i64) -> Result<bool> {
        let mut t = self.txn.open_table(FIRINGS)?;
        let key = (rule, rid.packed(), occurrence);
        if t.get(key)?.is_some() {
            return Ok(false);
        }
        let rev = self
            .txn
            .open_table(META)?
            .get("revision")?
            .map(|v| v.value())
            .unwrap_or(0)
            + 1;
        t.insert(key, rev)?;
        Ok(true)
    }

    /// The operation's one-line description so far.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// A counter kept in the database (round-robin turns); returns the value before
    /// incrementing it.
    pub fn bump_counter(&mut self, key: &str) -> Result<u64> {
        let mut meta = self.txn.open_table(META)?;
        let n = meta.get(key)?.map(|v| v.value()).unwrap_or(0);
        meta.insert(key, n + 1)?;
        Ok(n)
    }

    /// The changes so far in this operation.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }
}
