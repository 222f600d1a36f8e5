//! The store: one redb file shared by every rolo process on the machine (TUIs, CLI
//! calls, cron jobs, mail hooks). It owns the tables, the open and lock policy, schema
//! migration and the change log. Writes go through [`Store::write`], which only the ops
//! layer calls: one transaction, one change-log entry, one revision per operation.

mod actor;
/// Stage totals kept by every write (open deals per stage, owner and currency).
pub mod aggregate;
mod bulk;
mod changelog;
pub mod deal_facts;
/// Rebuilding and recounting the derived tables (migration, `rolo doctor`).
pub mod derive;
mod encoded_log;
mod entry_tables;
/// Report facts: contacts by creation and last activity, missing fields, duplicate
/// fingerprints, completed tasks and activities per day, kept by every write.
pub mod facts;
/// Creating the file owner-only or for a team (setgid directory, `rolo init --group`).
pub mod file_mode;
mod handle;
mod index;
mod key_builder;
mod last_activity;
mod open;
mod packed;
/// The privacy tables (suppression list, tombstones, consent ledger) and the change-log
/// rewrite of an erase.
pub mod privacy;
mod query;
mod report_reads;
/// Every table a file may hold and its role (what the scrub copies, what the privacy
/// walk checks).
pub mod schema;
mod scrub;
pub mod search_pages;
mod search_pages_v4;
/// Sort keys of the contacts and companies tables.
pub mod sort;
pub mod sort_pages;
mod staged;
/// Table definitions, public for readers that decode partially (reports); only the
/// store writes them.
pub mod tables;
/// The tickets report's per-ticket rows.
pub mod ticket_facts;
mod ticket_reads;
mod tx;
mod windows;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant as Clock};

use redb::{ReadTransaction, ReadableTable, TransactionError};

pub use actor::{Actor, mcp_via};
pub use bulk::BulkLoad;
pub use changelog::{Change, Entry, EntryKind};
pub use index::email_key;
pub use open::{BULK_CACHE, DEFAULT_CACHE, OpenOptions, SCHEMA_VERSION};
pub use query::{Queries, Snapshot};
pub use report_reads::ReportReads;
pub use scrub::{Scrubbed, scrub, temp_path};
pub use ticket_reads::{TicketEntry, TicketReads};
pub use tx::Tx;
pub use windows::{QueueEntry, Windows};

use crate::error::{Error, Result};
use crate::model::Instant;

/// A source of "now", injectable so tests and demos are deterministic.
pub type Now = Arc<dyn Fn() -> Instant + Send + Sync>;

/// An open rolo database.
pub struct Store {
    db: handle::Handle,
    path: PathBuf,
    actor: Actor,
    now: Now,
    busy_timeout: Duration,
    warnings: Vec<String>,
    /// Warnings of committed operations not yet shown to the person.
    pending: std::sync::Mutex<Vec<String>>,
    /// Whether this process's writes may bring back an erased person's address.
    allow_erased: std::sync::atomic::AtomicBool,
}

/// A consistent read-only view of the database at one revision.
pub struct Reader {
    txn: ReadTransaction,
}

impl Queries for Reader {
    type Snap = ReadTransaction;
    fn snap(&self) -> &ReadTransaction {
        &self.txn
    }
}

/// What a committed write returns: the op's value and the revision it created
/// (unchanged when the op changed nothing).
#[derive(Debug)]
pub struct Committed<T> {
    /// What the operation returned.
    pub value: T,
    /// The revision after the commit.
    pub rev: u64,
    /// Whether anything was written.
    pub changed: bool,
    /// Things the person should know that did not stop the operation (a rule that
    /// re-triggered itself).
    pub warnings: Vec<String>,
}

impl Store {
    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Who this process acts as.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Names the program acting for the person from now on (`mcp:claude-code`), or
    /// none; the change log records it beside the user.
    pub fn set_via(&mut self, via: Option<String>) {
        self.actor.via = via;
    }

    /// The current time by the store's clock.
    pub fn now(&self) -> Instant {
        (self.now)()
    }

    /// Lets (or stops) this process's writes giving a new contact an address on the
    /// suppression list (`--allow-erased`: the person asked to be added again).
    pub fn set_allow_erased(&self, allow: bool) {
        self.allow_erased
            .store(allow, std::sync::atomic::Ordering::Relaxed);
    }

    /// Takes the warnings of the operations committed since the last call (a rule that
    /// re-triggered itself), for the face to show.
    pub fn take_warnings(&self) -> Vec<String> {
        self.pending
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default()
    }

    /// Problems noticed on open that did not stop it (a world-readable file).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// A read snapshot; it sees every change committed before this call, by any process.
    pub fn read(&self) -> Result<Reader> {
        Ok(Reader {
            txn: self.db.begin_read().map_err(Error::from)?,
        })
    }

    /// The current revision (cheap: TUIs poll it to notice other processes' changes).
    pub fn revision(&self) -> Result<u64> {
        self.read()?.revision()
    }

    /// Runs one operation in one write transaction and appends its change-log entry.
    /// When `op` fails, nothing is written. When it changes nothing, no entry is added.
    pub fn write<T>(&self, op: &str, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<Committed<T>> {
        self.write_as(op, EntryKind::Op, f)
    }

    pub(crate) fn write_as<T>(
        &self,
        op: &str,
        kind: EntryKind,
        f: impl FnOnce(&mut Tx) -> Result<T>,
    ) -> Result<Committed<T>> {
        let txn = self.begin_write()?;
        let mut tx = Tx::new(txn, self.now(), &self.actor);
        tx.allow_erased = self.allow_erased.load(std::sync::atomic::Ordering::Relaxed);
        let value = f(&mut tx)?;
        let encoded = self.flush_and_encode(&tx, op, kind)?;
        let Tx {
            txn,
            changes,
            summary,
            warnings,
            force_commit,
            ..
        } = tx;
        let kind = if force_commit && changes.is_empty() {
            EntryKind::Bulk
        } else {
            kind
        };
        if changes.is_empty() && !force_commit {
            let rev = txn
                .open_table(tables::META)?
                .get("revision")?
                .map(|v| v.value())
                .unwrap_or(0);
            txn.abort()?;
            // What the person should know holds even when nothing was written (an
            // address that was not made a contact, and why).
            if let Ok(mut p) = self.pending.lock() {
                p.extend(warnings.iter().cloned());
            }
            return Ok(Committed {
                value,
                rev,
                changed: false,
                warnings,
            });
        }
        let rev = self.append_entry_encoded(&txn, op, kind, summary, changes, encoded)?;
        txn.commit()?;
        if let Ok(mut p) = self.pending.lock() {
            p.extend(warnings.iter().cloned());
        }
        Ok(Committed {
            value,
            rev,
            changed: true,
            warnings,
        })
    }

    /// Runs `f` in a write transaction and throws its changes away: "what would
    /// happen if" (`rolo rule test`). Nothing is written, whatever `f` does.
    pub fn dry_run<T>(&self, f: impl FnOnce(&mut Tx) -> Result<T>) -> Result<(T, Vec<Change>)> {
        let txn = self.begin_write()?;
        let mut tx = Tx::new(txn, self.now(), &self.actor);
        let value = f(&mut tx);
        let Tx { txn, changes, .. } = tx;
        txn.abort()?;
        Ok((value?, changes))
    }

    /// Writes out the operation's staged records; an operation that touched many
    /// records has its change-log entry encoded meanwhile on a helper thread (as
    /// `(revision, bytes)`), since both take a while.
    fn flush_and_encode(
        &self,
        tx: &Tx,
        op: &str,
        kind: EntryKind,
    ) -> Result<Option<(u64, Vec<u8>)>> {
        if tx.changes.len() < 10_000 {
            tx.flush()?;
            return Ok(None);
        }
        let rev = tx
            .txn
            .open_table(tables::META)?
            .get("revision")?
            .map(|v| v.value())
            .unwrap_or(0)
            + 1;
        let entry = changelog::EntryRef {
            rev,
            at: self.now(),
            user: &self.actor.name,
            uid: self.actor.uid,
            op,
            summary: &tx.summary,
            kind,
            changes: &tx.changes,
            via: self.actor.via.as_deref(),
        };
        // Writing out staged records encodes the changes meanwhile (with
        // `staged::ENCODE_AHEAD_FROM` changes or more); then only those made since are
        // encoded here.
        tx.flush()?;
        let plain = match tx.encoded_changes()? {
            Some(encoded) => encoded.entry(&entry)?,
            None => rmp_serde::to_vec_named(&entry)?,
        };
        Ok(Some((rev, packed::pack(plain, op))))
    }

    fn append_entry(
        &self,
        txn: &redb::WriteTransaction,
        op: &str,
        kind: EntryKind,
        summary: String,
        changes: Vec<Change>,
    ) -> Result<u64> {
        self.append_entry_encoded(txn, op, kind, summary, changes, None)
    }

    /// [`Store::append_entry`], with the entry already encoded for revision `rev` when
    /// `encoded` is `Some((rev, bytes))`.
    fn append_entry_encoded(
        &self,
        txn: &redb::WriteTransaction,
        op: &str,
        kind: EntryKind,
        summary: String,
        changes: Vec<Change>,
        encoded: Option<(u64, Vec<u8>)>,
    ) -> Result<u64> {
        let mut meta = txn.open_table(tables::META)?;
        let rev = meta.get("revision")?.map(|v| v.value()).unwrap_or(0) + 1;
        meta.insert("revision", rev)?;
        drop(meta);
        if let Some((at, bytes)) = encoded
            && at == rev
        {
            txn.open_table(tables::CHANGELOG)?
                .insert(rev, bytes.as_slice())?;
            if changes.len() > 10_000 {
                // Freeing a large import's records takes a noticeable moment.
                std::thread::spawn(move || drop(changes));
            }
            return Ok(rev);
        }
        let entry = Entry {
            rev,
            at: self.now(),
            user: self.actor.name.clone(),
            uid: self.actor.uid,
            op: op.to_string(),
            summary,
            kind,
            changes,
            via: self.actor.via.clone(),
        };
        let bytes = packed::pack(rmp_serde::to_vec_named(&entry)?, op);
        txn.open_table(tables::CHANGELOG)?
            .insert(rev, bytes.as_slice())?;
        if entry.changes.len() > 10_000 {
            // Freeing a large import's records takes a noticeable moment: not on the way.
            std::thread::spawn(move || drop(entry));
        }
        Ok(rev)
    }

    /// Begins a write, retrying with back-off while another process writes, up to the
    /// busy timeout; a write transaction never waits for a person.
    fn begin_write(&self) -> Result<redb::WriteTransaction> {
        let start = Clock::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match self.db.writer()?.try_begin_write() {
                Ok(txn) => return Ok(txn),
                Err(TransactionError::WouldBlock) => {
                    if start.elapsed() >= self.busy_timeout {
                        return Err(Error::Busy);
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Recounts the derived tables (card order, sort indexes, stage totals) from the
    /// records; one line per mismatch.
    pub fn verify_derived(&self) -> Result<Vec<String>> {
        let read = self.read()?;
        derive::verify(&read.txn)
    }

    /// Rebuilds the derived tables from the records in one write transaction (as one
    /// bulk change-log entry, so open TUIs reload).
    pub fn rebuild_derived(&self) -> Result<()> {
        self.write_as("doctor.repair", EntryKind::Bulk, |tx| {
            derive::rebuild(&tx.txn, &mut |_, _| {})?;
            tx.force_commit = true;
            tx.describe("rebuilt the kanban, sort and total indexes from the records");
            Ok(())
        })?;
        Ok(())
    }

    /// Runs redb's integrity check (for `rolo doctor`); needs exclusive use of the handle.
    pub fn check_integrity(&mut self) -> Result<bool> {
        self.db
            .writer_mut()?
            .check_integrity()
            .map_err(|e| Error::Corrupt {
                path: self.path.clone(),
                detail: e.to_string(),
            })
    }
}

/// A store in a fresh temporary directory, for unit tests (the directory goes with
/// the returned guard).
#[cfg(test)]
pub(crate) fn scratch() -> (tempfile::TempDir, Store) {
    let dir = tempfile::TempDir::new().expect("a temporary directory");
    let store = Store::open(OpenOptions::new(dir.path().join("crm.redb"))).expect("a store");
    (dir, store)
}
