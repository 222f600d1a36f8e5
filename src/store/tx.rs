//! `Tx`: one write transaction of one operation. Ops read and write records through it;
//! it keeps indexes in step and collects the before/after of every record touched,
//! which [`super::Store::write`] turns into the operation's change-log entry.

use std::collections::HashMap;
use std::sync::Arc;

use redb::{ReadableTable, WriteTransaction};

use super::actor::Actor;
use super::changelog::Change;
use super::index::{self, IndexTables, KeyContext};
use super::query::Queries;
use super::sort;
use super::tables::*;
use crate::error::Result;
use crate::model::record::Entity;
use crate::model::{Company, Contact, Deal, Instant, Kind, Record, RecordId, Task};

/// A write transaction in progress.
pub struct Tx<'s> {
    pub(super) txn: WriteTransaction,
    pub(super) changes: Vec<Change>,
    /// Position of each touched record in `changes`, so bulk operations stay linear.
    pub(super) touched: HashMap<RecordId, usize>,
    /// New records held back to be written together ([`super::staged`]).
    pub(super) staging: super::staged::Staging,
    pub(super) summary: String,
    /// The rule whose actions are being applied, recorded on each change it makes.
    pub cause: Option<String>,
    /// (rule, record) pairs fired in this operation: a rule fires at most once per
    /// record per operation, so a rule that re-triggers itself cannot loop.
    pub fired: std::collections::HashSet<(u64, RecordId)>,
    /// Things the person should know that did not stop the operation.
    pub warnings: Vec<String>,
    /// Commit even though no record changed (a schema migration), as a bulk entry.
    pub(super) force_commit: bool,
    /// Let a new contact have an address of an erased person (`--allow-erased`).
    pub allow_erased: bool,
    /// Stored records found to exist in this operation (only [`Tx::delete`] removes
    /// one), so a large import checks each link's target once, not once per row.
    known: std::cell::RefCell<std::collections::HashSet<RecordId>>,
    /// The index of tasks waiting on an activity was found empty and no index entry
    /// has been written since ([`Tx::open_index`] clears it): an import's million
    /// activities then ask nothing of it.
    pub(super) no_waiting: std::cell::Cell<bool>,
    now: Instant,
    actor: &'s Actor,
}

impl Queries for Tx<'_> {
    type Snap = WriteTransaction;
    fn snap(&self) -> &WriteTransaction {
        // A read that does not know about staged records sees them written.
        self.flush_for_read();
        &self.txn
    }

    fn snap_unstaged(&self) -> &WriteTransaction {
        &self.txn
    }

    fn get<T: Entity>(&self, id: u64) -> Result<Option<T>> {
        if let Some(r) = self.staged(RecordId::new(T::KIND, id)) {
            return Ok(T::from_record(r.clone()));
        }
        let t = self.txn.open_table(records(T::KIND))?;
        let found = t.get(id)?;
        found.map(|v| decode::<T>(v.value())).transpose()
    }

    fn get_record(&self, rid: RecordId) -> Result<Option<Record>> {
        if let Some(r) = self.staged(rid) {
            return Ok(Some(r.clone()));
        }
        let t = self.txn.open_table(records(rid.kind))?;
        let found = t.get(rid.id)?;
        found
            .map(|v| decode_record(rid.kind, v.value()))
            .transpose()
    }

    fn exists(&self, rid: RecordId) -> Result<bool> {
        if self.staged(rid).is_some() || self.known.borrow().contains(&rid) {
            return Ok(true);
        }
        let found = self
            .txn
            .open_table(records(rid.kind))?
            .get(rid.id)?
            .is_some();
        if found {
            self.known.borrow_mut().insert(rid);
        }
        Ok(found)
    }

    fn contact_by_email(&self, email: &str) -> Result<Option<u64>> {
        if let Some(id) = self.staged_email(email) {
            return Ok(Some(id));
        }
        if self.no_stored_emails()? {
            return Ok(None);
        }
        let t = self.txn.open_table(IDX_EMAIL)?;
        Ok(t.get(index::email_key(email).as_str())?.map(|v| v.value()))
    }
}

impl<'s> Tx<'s> {
    pub(super) fn new(txn: WriteTransaction, now: Instant, actor: &'s Actor) -> Self {
        Tx {
            txn,
            changes: Vec::new(),
            touched: HashMap::new(),
            staging: Default::default(),
            summary: String::new(),
            cause: None,
            fired: Default::default(),
            warnings: Vec::new(),
            force_commit: false,
            allow_erased: false,
            known: Default::default(),
            no_waiting: Default::default(),
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

    /// The open tasks that close themselves on an activity, linked to any of `targets`
    /// ([`super::tables::IDX_WAITING`]); read without writing the staged records out
    /// first (which [`Tx::waiting_on`] does): for a caller that knows no staged record
    /// can matter to it.
    pub fn stored_waiting_on(&self, targets: &[RecordId]) -> Result<Vec<u64>> {
        if targets.is_empty() || self.no_waiting.get() {
            return Ok(Vec::new());
        }
        let t = self.txn.open_table(super::tables::IDX_WAITING)?;
        if redb::ReadableTableMetadata::is_empty(&t)? {
            self.no_waiting.set(true);
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for target in targets {
            let at = target.packed();
            for row in t.range((at, 0)..=(at, u64::MAX))? {
                out.push(row?.0.value().1);
            }
        }
        Ok(out)
    }

    /// The index tables, to write entries: every index write goes through here (or
    /// through [`Tx::index_written`]), so what this transaction knows of them is
    /// forgotten.
    pub(super) fn open_index(&self) -> Result<IndexTables<'_>> {
        self.index_written();
        IndexTables::open(&self.txn)
    }

    /// Forgets what this transaction knew of the index tables (they are written).
    pub(super) fn index_written(&self) {
        self.no_waiting.set(false);
    }

    /// [`Tx::stored_waiting_on`] after writing any staged records out.
    pub fn waiting_on(&self, targets: &[RecordId]) -> Result<Vec<u64>> {
        self.flush()?;
        self.stored_waiting_on(targets)
    }

    /// Allocates the next id of `kind`.
    pub fn next_id(&mut self, kind: Kind) -> Result<u64> {
        self.flush()?;
        let key = next_id_key(kind);
        let mut meta = self.txn.open_table(META)?;
        let next = meta.get(key)?.map(|v| v.value()).unwrap_or(1).max(1);
        meta.insert(key, next + 1)?;
        Ok(next)
    }

    /// Keeps the id counter of `kind` past `id` (after a record is re-created by redo).
    pub(super) fn reserve_id(&mut self, kind: Kind, id: u64) -> Result<()> {
        self.flush()?;
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

    /// Writes a record (insert or replace), keeping its indexes and aggregates in step.
    pub fn put(&mut self, rec: Record) -> Result<()> {
        self.flush()?;
        let rid = rec.rid();
        let before = self.get_record(rid)?;
        if before.as_ref() == Some(&rec) {
            return Ok(());
        }
        {
            // Only the entries that differ are touched: every page a write dirties is
            // written and synced at commit, so an edit that leaves an index alone keeps
            // the commit small.
            let new = index::keys(&rec, &self.context_of(&rec)?);
            let old = match &before {
                Some(b) => index::keys(b, &self.context_of(b)?),
                None => Vec::new(),
            };
            let removed: Vec<_> = old.iter().filter(|k| !new.contains(k)).cloned().collect();
            let added: Vec<_> = new.iter().filter(|k| !old.contains(k)).cloned().collect();
            let mut idx = self.open_index()?;
            idx.remove(&removed)?;
            idx.insert(&added)?;
            idx.account(before.as_ref(), Some(&rec))?;
            idx.finish()?;
        }
        {
            let bytes = encode(&rec)?;
            let mut table = self.txn.open_table(records(rid.kind))?;
            table.insert(rid.id, bytes.as_slice())?;
        }
        self.reserve_id(rid.kind, rid.id)?;
        self.renamed_company(before.as_ref(), Some(&rec))?;
        self.revalued_deal(before.as_ref(), Some(&rec))?;
        self.note(rid, before, Some(rec));
        Ok(())
    }

    /// Deletes a record and its index entries; deleting a missing record is a no-op.
    pub fn delete(&mut self, rid: RecordId) -> Result<()> {
        self.flush()?;
        self.known.get_mut().remove(&rid);
        let Some(before) = self.get_record(rid)? else {
            return Ok(());
        };
        {
            let cx = self.context_of(&before)?;
            let mut idx = self.open_index()?;
            idx.remove(&index::keys(&before, &cx))?;
            idx.account(Some(&before), None)?;
            idx.finish()?;
        }
        {
            let mut table = self.txn.open_table(records(rid.kind))?;
            table.remove(rid.id)?;
        }
        self.renamed_company(Some(&before), None)?;
        self.revalued_deal(Some(&before), None)?;
        self.note(rid, Some(before), None);
        Ok(())
    }

    /// What a record's index entries need of other records, as they are now: a
    /// contact's company name, a task's deal value.
    pub(super) fn context_of(&self, rec: &Record) -> Result<KeyContext> {
        Ok(match rec {
            Record::Contact(Contact {
                company: Some(id), ..
            }) => KeyContext::company(
                self.get::<Company>(*id)?
                    .map(|co| co.name)
                    .unwrap_or_default(),
            ),
            Record::Task(Task {
                link: Some(link), ..
            }) if link.kind == Kind::Deal => KeyContext {
                deal_value: self.get::<Deal>(link.id)?.map(|d| d.value).unwrap_or(0),
                ..KeyContext::default()
            },
            _ => KeyContext::default(),
        })
    }

    /// When a deal's value changes (or it appears or goes), rewrites its open tasks'
    /// queue entries, which carry the value for Today's urgency order.
    fn revalued_deal(&mut self, before: Option<&Record>, after: Option<&Record>) -> Result<()> {
        let value = |r: Option<&Record>| match r {
            Some(Record::Deal(d)) => Some((d.id, d.value)),
            _ => None,
        };
        let (old, new) = (value(before), value(after));
        let Some(id) = old.or(new).map(|(id, _)| id) else {
            return Ok(());
        };
        let new = new.map(|(_, v)| v).unwrap_or(0);
        if old.map(|(_, v)| v).unwrap_or(0) == new {
            return Ok(());
        }
        let tasks = self.linked(RecordId::new(Kind::Deal, id), Kind::Task)?;
        let mut t = self.txn.open_table(IDX_QUEUE)?;
        for tid in tasks {
            let Some(task) = self.get::<Task>(tid)? else {
                continue;
            };
            let cx = KeyContext {
                deal_value: new,
                ..KeyContext::default()
            };
            for k in index::keys(&Record::Task(task), &cx) {
                if let index::IndexKey::Queue(day, id, f) = k {
                    t.insert(
                        (day, id),
                        (f.priority, f.deal_value, f.assignee.as_str(), f.time),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// When a company's name changes (or it appears or goes), rewrites its contacts'
    /// "Company" sort entries, which carry the name.
    fn renamed_company(&mut self, before: Option<&Record>, after: Option<&Record>) -> Result<()> {
        let name = |r: Option<&Record>| match r {
            Some(Record::Company(c)) => Some((c.id, c.name.clone())),
            _ => None,
        };
        let (old, new) = (name(before), name(after));
        let Some(id) = old.as_ref().or(new.as_ref()).map(|(id, _)| *id) else {
            return Ok(());
        };
        let old = old.map(|(_, n)| n).unwrap_or_default();
        let new = new.map(|(_, n)| n).unwrap_or_default();
        if old == new {
            return Ok(());
        }
        let tag = sort::contact_tag(sort::CONTACT_COMPANY);
        let contacts = self.linked(RecordId::new(Kind::Company, id), Kind::Contact)?;
        let mut moves = Vec::with_capacity(contacts.len());
        for cid in contacts {
            if let Some(c) = self.get::<Contact>(cid)? {
                moves.push((
                    sort::contact_key(&c, &old, sort::CONTACT_COMPANY),
                    sort::contact_key(&c, &new, sort::CONTACT_COMPANY),
                    cid,
                ));
            }
        }
        let mut gone: Vec<(&str, u64)> = moves
            .iter()
            .map(|(was, _, id)| (was.as_str(), *id))
            .collect();
        let mut new: Vec<(&str, u64)> =
            moves.iter().map(|(_, is, id)| (is.as_str(), *id)).collect();
        gone.sort_unstable();
        new.sort_unstable();
        let mut pages = super::sort_pages::SortPages::open(&self.txn)?;
        pages.remove(tag, &gone)?;
        pages.insert(tag, &new)?;
        Ok(())
    }

    /// Records a change, folding repeated writes of one record into one before/after.
    pub(super) fn note(&mut self, rid: RecordId, before: Option<Record>, after: Option<Record>) {
        match self.touched.get(&rid) {
            Some(&i) => {
                self.changes[i].after = after.map(Arc::new);
                self.rewrote(i);
            }
            None => {
                self.touched.insert(rid, self.changes.len());
                self.changes.push(Change {
                    rid,
                    before: before.map(Arc::new),
                    after: after.map(Arc::new),
                    cause: self.cause.clone(),
                });
            }
        }
    }

    /// Records that time rule `rule` fired for `rid` on `occurrence` (a stage-entry time,
    /// a quiet period's start...). Returns false when it already had: then the caller
    /// must not fire again.
    pub fn mark_fired(&mut self, rule: u64, rid: RecordId, occurrence: i64) -> Result<bool> {
        self.flush()?;
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
        self.flush()?;
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
