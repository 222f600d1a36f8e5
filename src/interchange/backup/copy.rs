//! `rolo backup FILE`: a consistent copy while others keep writing. One read
//! transaction gives a snapshot of one revision; its records are bulk-loaded, with their
//! ids and id counters, into a fresh rolo database written beside the target and renamed
//! over it only when complete, so a failed or interrupted backup never leaves a
//! half-written file under the target's name. The copy's change log starts afresh: it
//! holds the records, not the history of who changed what.

use crate::model::words::plural;
use std::path::{Path, PathBuf};

use super::document::BackupDoc;
use crate::interchange::error::{InterchangeError, Result};
use crate::model::Record;
use crate::model::record::Entity;
use crate::store::{OpenOptions, Store};

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    /// The file written.
    pub path: PathBuf,
    /// Records copied.
    pub records: usize,
    /// The revision of the source the copy shows.
    pub revision: u64,
}

/// Copies `store` to `target`; refuses an existing file unless `force`.
pub fn backup(store: &Store, target: &Path, force: bool) -> Result<BackupSummary> {
    let io = |path: &Path, source| InterchangeError::Io {
        path: path.to_path_buf(),
        source,
    };
    if same_file(store.path(), target) {
        return Err(InterchangeError::Io {
            path: target.to_path_buf(),
            source: std::io::Error::other(
                "this is the database being backed up; choose another file",
            ),
        });
    }
    if target.exists() && !force {
        return Err(InterchangeError::Exists {
            path: target.to_path_buf(),
        });
    }
    let doc = BackupDoc::from_snapshot(&store.read()?)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    let partial = target.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|e| io(&partial, e))?;
    }
    let summary = BackupSummary {
        path: target.to_path_buf(),
        records: doc.len(),
        revision: doc.revision,
    };
    let written = write_copy(&partial, store.actor().name.clone(), doc);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, target).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io(target, e)
    })?;
    Ok(summary)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes the snapshot into a new database file at `path`.
fn write_copy(path: &Path, user: String, doc: BackupDoc) -> Result<()> {
    let copy = Store::open(OpenOptions {
        user: Some(user),
        cache_bytes: crate::store::BULK_CACHE,
        ..OpenOptions::new(path)
    })?;
    copy.write("backup.init", |tx| {
        super::restore::clear_defaults(tx)?;
        tx.describe("cleared the default pipelines and rules for a backup copy");
        Ok(())
    })?;
    let revision = doc.revision;
    let records = doc.len();
    let mut bulk = copy.bulk()?;
    let next = |noun: &str| doc.next_ids.get(noun).copied().unwrap_or(0);
    load(&mut bulk, doc.pipelines, next("pipeline"))?;
    load(&mut bulk, doc.rules, next("rule"))?;
    load(&mut bulk, doc.companies, next("company"))?;
    load(&mut bulk, doc.contacts, next("contact"))?;
    load(&mut bulk, doc.deals, next("deal"))?;
    load(&mut bulk, doc.tasks, next("task"))?;
    load(&mut bulk, doc.activities, next("activity"))?;
    bulk.finish(
        "backup",
        format!(
            "backup copy of {} at revision {revision}",
            plural(records, "record")
        ),
    )?;
    Ok(())
}

/// Inserts one kind's records and moves its id counter to where the source's was.
fn load<T: Entity>(
    bulk: &mut crate::store::BulkLoad<'_>,
    records: Vec<T>,
    next: u64,
) -> Result<()> {
    let highest = records.iter().map(Entity::id).max().unwrap_or(0);
    if highest == 0 && next <= 1 {
        // An unused kind: leave its counter unset, as in the source.
        return Ok(());
    }
    let want = next.max(highest + 1);
    let first = bulk.reserve_ids(T::KIND, 0)?;
    if want > first {
        bulk.reserve_ids(T::KIND, want - first)?;
    }
    let mut chunk: Vec<Record> = Vec::with_capacity(4096);
    for r in records {
        chunk.push(r.into_record());
        if chunk.len() == 4096 {
            bulk.insert_all(&chunk)?;
            chunk.clear();
        }
    }
    bulk.insert_all(&chunk)?;
    Ok(())
}
