//! The store's side of privacy: the tables an erase and the consent ledger write
//! (secrets, suppression list, tombstones, consent events) and rewriting the change
//! log. What gets redacted, and why, is decided in [`crate::privacy`]; this module only
//! reads and writes the tables, inside the operation's transaction.

use std::io::Read;

use redb::{ReadableTable, ReadableTableMetadata};

use super::changelog::Entry;
use super::query::{Queries, Snapshot};
use super::tables::*;
use super::tx::Tx;
use crate::error::{Error, Result};
use crate::model::ConsentEvent;

/// The secret keying the suppression list's hashes.
const SUPPRESSION_KEY: &str = "suppression_key";

/// The suppression key, if one was ever made.
pub fn suppression_key<Q: Queries + ?Sized>(q: &Q) -> Result<Option<[u8; 32]>> {
    let Some(t) = q.snap_unstaged().table(SECRETS)? else {
        return Ok(None);
    };
    let found = t.get(SUPPRESSION_KEY)?;
    Ok(found.and_then(|v| <[u8; 32]>::try_from(v.value()).ok()))
}

/// The revision of the erasure whose address hashed to `hash`, if any.
pub fn suppressed<Q: Queries + ?Sized>(q: &Q, hash: &str) -> Result<Option<u64>> {
    let Some(t) = q.snap_unstaged().table(SUPPRESSED)? else {
        return Ok(None);
    };
    Ok(t.get(hash)?.map(|v| v.value()))
}

/// Whether the suppression list has any entry (most files: none, so checks are free).
pub fn any_suppressed<Q: Queries + ?Sized>(q: &Q) -> Result<bool> {
    let Some(t) = q.snap_unstaged().table(SUPPRESSED)? else {
        return Ok(false);
    };
    Ok(!t.is_empty()?)
}

/// Every erasure tombstone, oldest first, as (revision, encoded tombstone).
pub fn tombstones<Q: Queries + ?Sized>(q: &Q) -> Result<Vec<(u64, Vec<u8>)>> {
    let Some(t) = q.snap().table(ERASURES)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for row in t.iter()? {
        let (k, v) = row?;
        out.push((k.value(), v.value().to_vec()));
    }
    Ok(out)
}

/// A contact's consent ledger, oldest first.
pub fn consent_history<Q: Queries + ?Sized>(q: &Q, contact: u64) -> Result<Vec<ConsentEvent>> {
    let Some(t) = q.snap().table(CONSENT_LEDGER)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for row in t.range((contact, 0)..=(contact, u64::MAX))? {
        let (_, v) = row?;
        out.push(rmp_serde::from_slice(v.value())?);
    }
    Ok(out)
}

impl Tx<'_> {
    /// The revision this operation will commit as.
    pub fn upcoming_revision(&self) -> Result<u64> {
        Ok(self.meta("revision")? + 1)
    }

    /// The suppression key, made from 32 random bytes on first use.
    pub fn suppression_key(&mut self) -> Result<[u8; 32]> {
        self.flush()?;
        if let Some(k) = suppression_key(self)? {
            return Ok(k);
        }
        let mut key = [0u8; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut key))
            .map_err(|e| Error::Storage(format!("cannot read random bytes for a key: {e}")))?;
        self.txn
            .open_table(SECRETS)?
            .insert(SUPPRESSION_KEY, key.as_slice())?;
        Ok(key)
    }

    /// Adds a keyed hash to the suppression list, pointing at erasure `rev`.
    pub fn suppress(&mut self, hash: &str, rev: u64) -> Result<()> {
        self.flush()?;
        self.txn.open_table(SUPPRESSED)?.insert(hash, rev)?;
        Ok(())
    }

    /// Writes an erasure's tombstone under its revision.
    pub fn put_tombstone(&mut self, rev: u64, encoded: &[u8]) -> Result<()> {
        self.flush()?;
        self.txn.open_table(ERASURES)?.insert(rev, encoded)?;
        Ok(())
    }

    /// Appends an event to a contact's consent ledger; returns its sequence number.
    pub fn append_consent(&mut self, mut event: ConsentEvent) -> Result<ConsentEvent> {
        self.flush()?;
        let mut t = self.txn.open_table(CONSENT_LEDGER)?;
        let last = t
            .range((event.contact, 0)..=(event.contact, u64::MAX))?
            .next_back()
            .transpose()?
            .map(|(k, _)| k.value().1)
            .unwrap_or(0);
        event.seq = last + 1;
        let bytes = rmp_serde::to_vec_named(&event)?;
        t.insert((event.contact, event.seq), bytes.as_slice())?;
        // A ledger write is a change even when no record changed.
        self.force_commit = true;
        Ok(event)
    }

    /// Removes a contact's whole consent ledger (an erasure); returns how many events.
    pub fn remove_consent(&mut self, contact: u64) -> Result<u64> {
        self.flush()?;
        let mut t = self.txn.open_table(CONSENT_LEDGER)?;
        let keys: Vec<(u64, u64)> = t
            .range((contact, 0)..=(contact, u64::MAX))?
            .map(|r| r.map(|(k, _)| k.value()))
            .collect::<std::result::Result<_, _>>()?;
        for k in &keys {
            t.remove(k)?;
        }
        Ok(keys.len() as u64)
    }

    /// Rewrites the change log: `redact` sees every stored entry and returns whether it
    /// changed it; changed entries are written back under their revision. Returns how
    /// many were rewritten. The entries stay (who, when, what operation).
    pub fn rewrite_history(&mut self, redact: &mut dyn FnMut(&mut Entry) -> bool) -> Result<u64> {
        self.flush()?;
        let mut rewritten = Vec::new();
        {
            let t = self.txn.open_table(CHANGELOG)?;
            for row in t.iter()? {
                let (k, v) = row?;
                let mut e: Entry = rmp_serde::from_slice(&super::packed::unpack(v.value())?)?;
                if redact(&mut e) {
                    let plain = rmp_serde::to_vec_named(&e)?;
                    rewritten.push((k.value(), super::packed::pack(plain, &e.op)));
                }
            }
        }
        let mut t = self.txn.open_table(CHANGELOG)?;
        for (rev, bytes) in &rewritten {
            t.insert(*rev, bytes.as_slice())?;
        }
        Ok(rewritten.len() as u64)
    }

    /// Applies `redact` to this operation's own pending changes and summary, before they
    /// become its change-log entry (an erase must not record what it erased).
    pub fn redact_pending(&mut self, redact: &mut dyn FnMut(&mut Entry) -> bool) {
        self.forget_encoded();
        let mut e = Entry {
            summary: std::mem::take(&mut self.summary),
            changes: std::mem::take(&mut self.changes),
            ..Entry::default()
        };
        redact(&mut e);
        self.summary = e.summary;
        self.changes = e.changes;
    }

    /// Records this operation in the history even when it changes no record (a privacy
    /// export or preview: who looked at what, when), with `summary`.
    pub fn audit(&mut self, summary: impl Into<String>) {
        self.force_commit = true;
        self.describe(summary);
    }

    /// Removes the time-rule firings recorded for a record that is gone.
    pub fn forget_firings(&mut self, packed: u64) -> Result<()> {
        self.flush()?;
        let mut t = self.txn.open_table(FIRINGS)?;
        let keys: Vec<(u64, u64, i64)> = t
            .iter()?
            .filter_map(|r| r.ok().map(|(k, _)| k.value()))
            .filter(|k| k.1 == packed)
            .collect();
        for k in keys {
            t.remove(k)?;
        }
        Ok(())
    }
}

impl super::Store {
    /// Copies the privacy tables (consent ledger, suppression list and its key, erasure
    /// tombstones) from `src`, a snapshot of another file, into this one in one bulk
    /// entry (a backup copy); returns the rows copied.
    pub fn copy_privacy_from(&self, src: &super::Reader) -> Result<u64> {
        use super::schema::{Role, tables};
        let done = self.write_as("backup.privacy", super::EntryKind::Bulk, |tx| {
            tx.flush()?;
            let mut rows = 0;
            for t in tables() {
                if matches!(t.role(), Role::Privacy | Role::Consent) {
                    rows += t.copy(&src.txn, &tx.txn)?;
                }
            }
            tx.force_commit = rows > 0;
            tx.describe(format!(
                "copied {rows} consent, suppression and erasure rows"
            ));
            Ok(rows)
        })?;
        Ok(done.value)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Contact, Kind, Labeled, Record, RecordId};

    /// An import stages its new contacts and checks each one's address against the
    /// suppression list: the check must leave the ones before it staged, or every row
    /// writes the rows before it out and the import is no longer written in bulk.
    #[test]
    fn the_suppression_check_leaves_staged_contacts_staged() {
        let (_dir, store) = crate::store::scratch();
        store
            .write("test", |tx| {
                let id = tx.stage_id(Kind::Contact)?;
                let contact = Contact {
                    id,
                    name: "Jane Doe".into(),
                    emails: vec![Labeled {
                        label: String::new(),
                        value: "jane@example.com".into(),
                    }],
                    ..Contact::default()
                };
                tx.stage(Record::Contact(contact))?;
                crate::privacy::suppress::check(tx, "joe@example.com")?;
                assert!(tx.staged(RecordId::new(Kind::Contact, id)).is_some());
                Ok(())
            })
            .unwrap();
    }
}
