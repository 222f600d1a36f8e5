//! Staged creations: the new records of a large operation (an import) held in the
//! operation's change list instead of being written one by one, then written together
//! — each record table and each index table opened once, the index entries inserted in
//! key order — when the operation commits or as soon as anything else needs the tables.
//!
//! Staging changes how records are written, never what ends up in the database: the
//! staged records are the operation's changes (so its one change-log entry lists them
//! and `rolo undo` reverts them), reads through [`Tx`] see them (a record by id, a
//! contact by email), and any other read or write first writes them out. Only records
//! created with a fresh id are staged, so no stored record or index entry can be
//! stale while they wait.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, mpsc};

use redb::{ReadableTable, ReadableTableMetadata, WriteTransaction};

use super::changelog::Change;
use super::encoded_log::EncodedChanges;
use super::index::{self, Group, IndexTables, KeyContext};
use super::key_builder::{BACKGROUND_FROM, KeyBuilder};
use super::tables::*;
use super::tx::Tx;
use crate::error::{Error, Result};
use crate::model::{Company, Contact, Deal, Kind, Record, RecordId, Task};

/// What a transaction holds back while records are staged.
#[derive(Default)]
pub(super) struct Staging {
    /// Where the staged records start in the change list (`None`: nothing staged).
    pub(super) from: Cell<Option<usize>>,
    /// Lower-cased emails of staged contacts.
    emails: RefCell<HashMap<String, u64>>,
    /// The next id of each kind handed out to staged records, not yet in META.
    next_ids: RefCell<BTreeMap<Kind, u64>>,
    /// Names of stored companies and values of stored deals met while staging (they
    /// cannot change until the staged records are written).
    names: RefCell<HashMap<u64, String>>,
    values: RefCell<HashMap<u64, i64>>,
    /// Builds the staged records' index entries while more rows are read.
    keys: RefCell<KeyBuilder>,
    /// A failure while writing staged records on behalf of a read; reported at commit.
    failed: RefCell<Option<Error>>,
    /// Whether the stored email index is empty, and the suppression list: looked at
    /// once while records are staged (nothing stored changes until they are written).
    no_stored_emails: Cell<Option<bool>>,
    no_suppressions: Cell<Option<bool>>,
    /// A large operation's changes encoded for its change-log entry while its staged
    /// records were written, and the first change rewritten since.
    encoded: RefCell<Option<EncodedChanges>>,
    rewritten: Cell<Option<usize>>,
}

/// From how many changes an operation's change-log entry is encoded ahead, while its
/// staged records are written.
pub(super) const ENCODE_AHEAD_FROM: usize = 10_000;

impl Tx<'_> {
    /// A fresh id of `kind` for a record to be staged (ids are handed out in memory and
    /// the counter is written with the records).
    pub fn stage_id(&mut self, kind: Kind) -> Result<u64> {
        let cached = self.staging.next_ids.borrow().get(&kind).copied();
        let next = match cached {
            Some(n) => n,
            None => self
                .txn
                .open_table(META)?
                .get(next_id_key(kind))?
                .map(|v| v.value())
                .unwrap_or(1)
                .max(1),
        };
        self.staging.next_ids.borrow_mut().insert(kind, next + 1);
        Ok(next)
    }

    /// Stages a new record whose id came from [`Tx::stage_id`]: it becomes one of the
    /// operation's changes now and is written with the others later. Returns it as
    /// staged.
    pub fn stage(&mut self, rec: Record) -> Result<&Record> {
        let rid = rec.rid();
        if self.touched.contains_key(&rid)
            || self
                .staging
                .next_ids
                .borrow()
                .get(&rid.kind)
                .is_none_or(|n| *n <= rid.id)
        {
            return Err(Error::Conflict(format!(
                "internal: {rid} was not allocated for staging"
            )));
        }
        if let Record::Contact(c) = &rec {
            let mut emails = self.staging.emails.borrow_mut();
            for e in &c.emails {
                emails.insert(index::email_key(&e.value), c.id);
            }
        }
        let cx = self.context_for_staging(&rec)?;
        // The helper that builds the index entries reads the change's own record.
        let rec = Arc::new(rec);
        self.staging.keys.borrow_mut().push(Arc::clone(&rec), cx);
        if self.staging.from.get().is_none() {
            self.staging.from.set(Some(self.changes.len()));
        }
        self.touched.insert(rid, self.changes.len());
        self.changes.push(Change {
            rid,
            before: None,
            after: Some(rec),
            cause: self.cause.clone(),
        });
        match self.changes.last().and_then(|c| c.after.as_deref()) {
            Some(staged) => Ok(staged),
            None => Err(Error::Conflict(format!("internal: {rid} was not staged"))),
        }
    }

    /// A staged record, if `rid` is one.
    pub(super) fn staged(&self, rid: RecordId) -> Option<&Record> {
        let from = self.staging.from.get()?;
        let &i = self.touched.get(&rid)?;
        if i < from {
            return None;
        }
        self.changes.get(i)?.after.as_deref()
    }

    /// The staged contact with this email.
    pub(super) fn staged_email(&self, email: &str) -> Option<u64> {
        self.staging.from.get()?;
        self.staging
            .emails
            .borrow()
            .get(&index::email_key(email))
            .copied()
    }

    /// Whether no stored contact has an email (read once while records are staged).
    pub(super) fn no_stored_emails(&self) -> Result<bool> {
        self.while_staged(&self.staging.no_stored_emails, || {
            Ok(self.txn.open_table(IDX_EMAIL)?.is_empty()?)
        })
    }

    /// Whether the suppression list of erased people is empty (read once while records
    /// are staged, so an import does not look at it for every row).
    pub fn no_suppressions(&self) -> Result<bool> {
        self.while_staged(&self.staging.no_suppressions, || {
            Ok(!super::privacy::any_suppressed(self)?)
        })
    }

    /// `look`, remembered in `cell` for as long as records are staged.
    fn while_staged(
        &self,
        cell: &Cell<Option<bool>>,
        look: impl FnOnce() -> Result<bool>,
    ) -> Result<bool> {
        if self.staging.from.get().is_none() {
            return look();
        }
        if let Some(known) = cell.get() {
            return Ok(known);
        }
        let known = look()?;
        cell.set(Some(known));
        Ok(known)
    }

    /// Writes the staged records out now, on behalf of a read that cannot see them; a
    /// failure is kept and reported by [`Tx::flush`] before the operation commits.
    pub(super) fn flush_for_read(&self) {
        if self.staging.from.get().is_some()
            && let Err(e) = self.write_staged()
        {
            self.staging.failed.borrow_mut().get_or_insert(e);
        }
    }

    /// Writes the staged records out (before any other write, and before commit).
    pub fn flush(&self) -> Result<()> {
        if let Some(e) = self.staging.failed.borrow_mut().take() {
            return Err(e);
        }
        self.write_staged()
    }

    fn write_staged(&self) -> Result<()> {
        let Some(from) = self.staging.from.get() else {
            return Ok(());
        };
        // From here the records are no longer "staged": reads go to the tables.
        self.staging.from.set(None);
        self.staging.emails.borrow_mut().clear();
        self.staging.names.borrow_mut().clear();
        self.staging.values.borrow_mut().clear();
        self.staging.no_stored_emails.set(None);
        self.staging.no_suppressions.set(None);
        let ids = std::mem::take(&mut *self.staging.next_ids.borrow_mut());
        let recs: Vec<&Record> = self.changes[from..]
            .iter()
            .filter_map(|c| c.after.as_deref())
            .collect();
        self.index_written();
        if self.changes.len() < ENCODE_AHEAD_FROM {
            return write_new(&self.txn, &recs, &self.staging.keys, &ids);
        }
        // Many changes: the change-log entry's are encoded meanwhile.
        let mut encoded = self.staging.encoded.take().unwrap_or_default();
        let rewritten = self.staging.rewritten.take().unwrap_or(usize::MAX);
        let changes = &self.changes;
        std::thread::scope(|s| {
            let encoding = s.spawn(move || {
                encoded.catch_up(changes, rewritten)?;
                Ok::<_, Error>(encoded)
            });
            let written = write_new(&self.txn, &recs, &self.staging.keys, &ids);
            // Without it, the entry is encoded whole at commit.
            if let Ok(Ok(encoded)) = encoding.join() {
                *self.staging.encoded.borrow_mut() = Some(encoded);
            }
            written
        })
    }

    /// Notes that change `i` was rewritten (its record written again).
    pub(super) fn rewrote(&self, i: usize) {
        let r = &self.staging.rewritten;
        r.set(Some(r.get().map_or(i, |was| was.min(i))));
    }

    /// The changes encoded so far for the change-log entry, brought up to date; `None`
    /// when none were encoded ahead.
    pub(super) fn encoded_changes(&self) -> Result<Option<EncodedChanges>> {
        let Some(mut encoded) = self.staging.encoded.take() else {
            return Ok(None);
        };
        let rewritten = self.staging.rewritten.take().unwrap_or(usize::MAX);
        encoded.catch_up(&self.changes, rewritten)?;
        Ok(Some(encoded))
    }

    /// Forgets the changes encoded ahead (the changes were replaced).
    pub(super) fn forget_encoded(&self) {
        self.staging.encoded.take();
    }

    /// What a staged record's index entries need of other records (a contact's
    /// company name, a task's deal value), staged or stored.
    fn context_for_staging(&self, rec: &Record) -> Result<KeyContext> {
        Ok(match rec {
            Record::Contact(Contact {
                company: Some(id), ..
            }) => {
                let rid = RecordId::new(Kind::Company, *id);
                let name = match self.staged(rid) {
                    Some(Record::Company(c)) => c.name.clone(),
                    _ => {
                        let cached = self.staging.names.borrow().get(id).cloned();
                        match cached {
                            Some(n) => n,
                            None => {
                                let n = self.stored::<Company>(*id)?.map(|c| c.name);
                                let n = n.unwrap_or_default();
                                self.staging.names.borrow_mut().insert(*id, n.clone());
                                n
                            }
                        }
                    }
                };
                KeyContext::company(name)
            }
            Record::Task(Task {
                link: Some(link), ..
            }) if link.kind == Kind::Deal => {
                let value = match self.staged(*link) {
                    Some(Record::Deal(d)) => d.value,
                    _ => {
                        let cached = self.staging.values.borrow().get(&link.id).copied();
                        match cached {
                            Some(v) => v,
                            None => {
                                let v = self.stored::<Deal>(link.id)?.map(|d| d.value);
                                let v = v.unwrap_or(0);
                                self.staging.values.borrow_mut().insert(link.id, v);
                                v
                            }
                        }
                    }
                };
                KeyContext {
                    deal_value: value,
                    ..KeyContext::default()
                }
            }
            _ => KeyContext::default(),
        })
    }

    fn stored<T: crate::model::record::Entity>(&self, id: u64) -> Result<Option<T>> {
        let t = self.txn.open_table(records(T::KIND))?;
        let found = t.get(id)?;
        found.map(|v| decode::<T>(v.value())).transpose()
    }
}

/// Writes new records, their index entries (sorted, from `keys`), their share of the
/// aggregates and the id counters.
fn write_new(
    txn: &WriteTransaction,
    recs: &[&Record],
    keys: &RefCell<KeyBuilder>,
    next_ids: &BTreeMap<Kind, u64>,
) -> Result<()> {
    let (mut bodies, gathered) = keys.borrow_mut().bodies()?;
    bodies.sort_unstable_by_key(|(kind, id, _)| (*kind, *id));
    let mut at = 0;
    while let Some((kind, _, _)) = bodies.get(at) {
        let kind = *kind;
        let mut table = txn.open_table(records(kind))?;
        while let Some((k, id, body)) = bodies.get(at)
            && *k == kind
        {
            table.insert(*id, body.as_slice())?;
            at += 1;
        }
    }
    drop(bodies);
    let mut idx = IndexTables::open(txn)?;
    // Freeing a million small strings takes a noticeable moment, and so does freeing
    // a sort column's large buffers (glibc then tidies every small free chunk): large
    // groups are freed by a helper, not on the way.
    let mut bin: Option<mpsc::Sender<Group>> = None;
    let mut free = |group: Group| {
        if matches!(&group, Group::Keys(keys) if keys.len() < 10_000) {
            return;
        }
        let trash = bin.get_or_insert_with(|| {
            let (trash, bin) = mpsc::channel::<Group>();
            std::thread::spawn(move || bin.into_iter().for_each(drop));
            trash
        });
        // A helper that is gone leaves the group to be freed here.
        let _ = trash.send(group);
    };
    let mut next = || keys.borrow_mut().next_group();
    if recs.len() < BACKGROUND_FROM {
        while let Some(group) = next()? {
            idx.insert_group(&group)?;
        }
        idx.account_new(recs)?;
    } else {
        // Many records: their facts (gathered while they were staged) are added on a
        // helper meanwhile.
        idx.insert_beside_account_new(recs, gathered, &mut next, &mut free)?;
    }
    idx.finish()?;
    let mut meta = txn.open_table(META)?;
    for (kind, next) in next_ids {
        let key = next_id_key(*kind);
        let stored = meta.get(key)?.map(|v| v.value()).unwrap_or(1);
        if *next > stored {
            meta.insert(key, *next)?;
        }
    }
    Ok(())
}
