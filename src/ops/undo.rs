//! Undo and redo from the change log. Undo reverts the caller's latest change that is
//! still in effect; redo reapplies the latest undo while no new change came after it.
//! Both refuse when a later change touched the same records, naming the one that blocks.

use std::collections::HashSet;

use super::links::{describe, links_to};
use super::validate::check_restorable;
use crate::error::{Error, Result};
use crate::store::{Committed, Entry, EntryKind, Queries, Store, Tx};

/// Reverts the caller's latest change; returns the entry that was undone.
pub fn undo(store: &Store) -> Result<Committed<Entry>> {
    let me = store.actor().name.clone();
    let target = find(store, &me, Direction::Undo)?;
    store.write_as("undo", EntryKind::Undo(target.rev), |tx| {
        revert(tx, &target)?;
        tx.describe(format!("undid r{}: {}", target.rev, target.summary));
        Ok(target.clone())
    })
}

/// Reapplies the change the caller undid last; returns the undo entry that was reverted.
pub fn redo(store: &Store) -> Result<Committed<Entry>> {
    let me = store.actor().name.clone();
    let target = find(store, &me, Direction::Redo)?;
    store.write_as("redo", EntryKind::Redo(target.rev), |tx| {
        revert(tx, &target)?;
        let what = target
            .summary
            .strip_prefix("undid ")
            .unwrap_or(&target.summary);
        tx.describe(format!("redid {what}"));
        Ok(target.clone())
    })
}

#[derive(PartialEq, Clone, Copy)]
enum Direction {
    Undo,
    Redo,
}

/// Walks the caller's entries newest first, skipping those whose effect was cancelled
/// by a later undo or redo, to the entry to undo (or the undo to redo).
fn find(store: &Store, me: &str, dir: Direction) -> Result<Entry> {
    let read = store.read()?;
    let mut cancelled: HashSet<u64> = HashSet::new();
    let mut rev = read.revision()?;
    while rev > 0 {
        let Some(e) = read.entry(rev)? else {
            rev -= 1;
            continue;
        };
        rev -= 1;
        if e.user != me || e.op == "init" || cancelled.contains(&e.rev) {
            continue;
        }
        if e.op == "contact.consent" {
            return Err(Error::Conflict(format!(
                "your latest change, r{} ({}), is in the consent ledger, which is append-only: \
                 record the right state with `rolo contact consent` instead",
                e.rev, e.summary
            )));
        }
        if e.op.starts_with("privacy.") {
            // An audit entry (an export, a retention preview) changed nothing to undo.
            if e.changes.is_empty() {
                continue;
            }
            return Err(Error::Conflict(format!(
                "your latest change, r{} ({}), erased a person for good and cannot be undone: \
                 their data is gone from the records and the history by design",
                e.rev, e.summary
            )));
        }
        match (e.kind, dir) {
            (EntryKind::Undo(x), Direction::Undo) => {
                cancelled.insert(x);
            }
            (EntryKind::Undo(_), Direction::Redo) => return Ok(e),
            (EntryKind::Redo(u), _) => {
                if dir == Direction::Undo {
                    return Ok(e);
                }
                cancelled.insert(u);
                if let Some(EntryKind::Undo(x)) = read.entry(u)?.map(|u| u.kind) {
                    cancelled.insert(x);
                }
            }
            (EntryKind::Op, Direction::Undo) => return Ok(e),
            (EntryKind::Bulk, Direction::Undo) => {
                return Err(Error::Conflict(format!(
                    "your latest change, r{} ({}), is a bulk load and cannot be undone",
                    e.rev, e.summary
                )));
            }
            (EntryKind::Op | EntryKind::Bulk, Direction::Redo) => break,
        }
    }
    Err(Error::Conflict(match dir {
        Direction::Undo => format!("nothing to undo: {me} has no change in effect"),
        Direction::Redo => "nothing to redo".to_string(),
    }))
}

/// Puts every record `entry` touched back to its state before `entry`, after checking
/// that nothing changed it since.
fn revert(tx: &mut Tx, entry: &Entry) -> Result<()> {
    for c in &entry.changes {
        let current = tx.get_record(c.rid)?;
        if current.as_ref() != c.after.as_deref() {
            let blocker = tx
                .entries_since(entry.rev)?
                .into_iter()
                .rev()
                .find(|e| e.touches(c.rid));
            return Err(Error::Conflict(match blocker {
                Some(b) => format!(
                    "cannot undo r{} ({}): {} was changed later by r{} ({}, {}); undo that first",
                    entry.rev, entry.summary, c.rid, b.rev, b.user, b.summary
                ),
                None => format!("cannot undo r{}: {} has changed since", entry.rev, c.rid),
            }));
        }
    }
    let refuse = |why: String| {
        Error::Conflict(format!(
            "cannot undo r{} ({}): {why}",
            entry.rev, entry.summary
        ))
    };
    // Reverse order: what the entry created last is removed first, what it deleted
    // last is restored first, so each step can check the links it needs. Edits and
    // deletions are reverted before creations are removed: an edit may have linked an
    // existing record to one the entry created after first touching it (an import that
    // filled a known contact's company with a new one).
    for c in entry.changes.iter().rev() {
        if let Some(rec) = &c.before {
            check_restorable(tx, rec).map_err(|e| refuse(e.to_string()))?;
            tx.put((**rec).clone())?;
        }
    }
    for c in entry.changes.iter().rev() {
        match &c.before {
            Some(_) => {}
            None => {
                let linking = links_to(tx, c.rid)?;
                if !linking.is_empty() {
                    let by = tx
                        .entries_since(entry.rev)?
                        .into_iter()
                        .rev()
                        .find(|e| linking.iter().any(|l| e.touches(*l)))
                        .map(|b| format!(" (by r{}, {}: {})", b.rev, b.user, b.summary))
                        .unwrap_or_default();
                    return Err(refuse(format!(
                        "{} is now linked from {}{by}; remove those links first",
                        c.rid,
                        describe(&linking)
                    )));
                }
                tx.delete(c.rid)?;
            }
        }
    }
    Ok(())
}
