//! `rolo import json FILE`: a backup restored into an empty database in one write
//! transaction, keeping every id, field, timestamp and stage history. Each record is
//! checked with the ops layer's validation (on a copy, so nothing is re-stamped) before
//! it is written with its own id; any bad record aborts the whole restore.

use crate::model::words::plural;
use std::path::Path;

use super::document::BackupDoc;
use crate::interchange::error::{InterchangeError, Result};
use crate::model::{Kind, Record, RecordId, Rule};
use crate::ops::Prepare;
use crate::store::{Queries, Store, Tx};

/// What a restore wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restored {
    /// Records written.
    pub records: usize,
    /// The revision after the restore.
    pub revision: u64,
}

/// Why a restore stopped inside the transaction.
enum Stop {
    NotEmpty(String),
    Bad(String, String),
}

/// Restores `doc` (read from `path`) into `store`, which must be empty.
pub fn restore(store: &Store, path: &Path, doc: BackupDoc) -> Result<Restored> {
    let mut stop = None;
    let records = doc.len();
    let written = store.write("import.json", |tx| {
        if let Some(what) = contents(tx)? {
            stop = Some(Stop::NotEmpty(what));
            return Err(crate::Error::Conflict("not empty".into()));
        }
        // A new database starts with default pipelines and rules; the backup brings its own.
        clear_defaults(tx)?;
        let result = put_all(tx, doc);
        if let Err(s) = result {
            stop = Some(s);
            return Err(crate::Error::Conflict("bad record".into()));
        }
        tx.describe(format!(
            "restored {} from a JSON backup",
            plural(records, "record")
        ));
        Ok(())
    });
    match (written, stop) {
        (Ok(c), _) => Ok(Restored {
            records,
            revision: c.rev,
        }),
        (Err(_), Some(Stop::NotEmpty(what))) => Err(InterchangeError::NotEmpty {
            path: store.path().to_path_buf(),
            what,
        }),
        (Err(_), Some(Stop::Bad(record, reason))) => Err(InterchangeError::BadRecord {
            path: path.to_path_buf(),
            record,
            reason,
        }),
        (Err(e), None) => Err(e.into()),
    }
}

/// What a database holds beyond a fresh one's default pipeline, if anything.
pub fn contents<Q: Queries>(q: &Q) -> crate::Result<Option<String>> {
    let mut held = Vec::new();
    for kind in [
        Kind::Contact,
        Kind::Company,
        Kind::Deal,
        Kind::Task,
        Kind::Activity,
        Kind::Ticket,
    ] {
        let n = q.count(kind)?;
        if n > 0 {
            held.push(format!("{n} {}", crate::interchange::kind::plural(kind)));
        }
    }
    // Pipelines and rules are untouched when they are exactly what the database was
    // created with (the first change-log entry).
    let initial: Vec<Record> = q
        .entry(1)?
        .map(|e| {
            e.changes
                .into_iter()
                .filter_map(|c| c.after.map(std::sync::Arc::unwrap_or_clone))
                .collect()
        })
        .unwrap_or_default();
    let mut own = 0;
    for p in q.pipelines()? {
        own += usize::from(!initial.contains(&Record::Pipeline(p)));
    }
    for r in q.all::<Rule>()? {
        own += usize::from(!initial.contains(&Record::Rule(r)));
    }
    for p in q.all::<crate::model::SlaPolicy>()? {
        own += usize::from(!initial.contains(&Record::Sla(p)));
    }
    for c in q.all::<crate::model::Calendar>()? {
        own += usize::from(!initial.contains(&Record::Calendar(c)));
    }
    if own > 0 {
        held.push(format!(
            "{own} pipeline(s), rule(s), SLA policies or calendars of its own"
        ));
    }
    Ok((!held.is_empty()).then(|| held.join(", ")))
}

/// Deletes the pipelines and rules a new database starts with.
pub fn clear_defaults(tx: &mut Tx) -> crate::Result<()> {
    for p in tx.pipelines()? {
        tx.delete(RecordId::new(Kind::Pipeline, p.id))?;
    }
    for r in tx.all::<Rule>()? {
        tx.delete(RecordId::new(Kind::Rule, r.id))?;
    }
    for p in tx.all::<crate::model::SlaPolicy>()? {
        tx.delete(RecordId::new(Kind::Sla, p.id))?;
    }
    for c in tx.all::<crate::model::Calendar>()? {
        tx.delete(RecordId::new(Kind::Calendar, c.id))?;
    }
    Ok(())
}

fn put_all(tx: &mut Tx, doc: BackupDoc) -> std::result::Result<(), Stop> {
    put_kind(tx, doc.pipelines)?;
    // Rules have no validation in the ops layer yet: they are written as they were.
    for rule in doc.rules {
        tx.put(rule.into()).map_err(store_stop)?;
    }
    // Calendars and policies, like rules, are written as they were.
    for c in doc.calendars {
        tx.put(c.into()).map_err(store_stop)?;
    }
    for p in doc.sla_policies {
        tx.put(p.into()).map_err(store_stop)?;
    }
    put_kind(tx, doc.companies)?;
    put_kind(tx, doc.contacts)?;
    put_kind(tx, doc.deals)?;
    put_kind(tx, doc.tickets)?;
    put_kind(tx, doc.tasks)?;
    put_kind(tx, doc.activities)?;
    for (noun, next) in doc.next_ids {
        let Some(kind) = Kind::ALL.into_iter().find(|k| k.noun() == noun) else {
            continue;
        };
        // Move the counter past deleted ids, so restored ids are never handed out again.
        let key = crate::store::tables::next_id_key(kind);
        let mut guard = 0u64;
        while tx.meta(key).map_err(store_stop)? < next && guard < 10_000_000 {
            tx.next_id(kind).map_err(store_stop)?;
            guard += 1;
        }
    }
    Ok(())
}

fn store_stop(e: crate::Error) -> Stop {
    Stop::Bad("database".into(), e.to_string())
}

fn put_kind<T: Prepare>(tx: &mut Tx, records: Vec<T>) -> std::result::Result<(), Stop> {
    for rec in records {
        let rid = RecordId::new(T::KIND, rec.id());
        if rec.id() == 0 || rec.id() >= 1 << 56 {
            return Err(Stop::Bad(rid.to_string(), "the id is out of range".into()));
        }
        if tx.exists(rid).map_err(store_stop)? {
            return Err(Stop::Bad(
                rid.to_string(),
                "the id appears twice in the backup".into(),
            ));
        }
        let mut check = rec.clone();
        check
            .prepare(tx, None)
            .map_err(|e| Stop::Bad(rid.to_string(), e.to_string()))?;
        tx.put(rec.into_record()).map_err(store_stop)?;
    }
    Ok(())
}
