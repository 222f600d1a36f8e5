//! Completing, reopening and snoozing tasks.

use super::record::update_in;
use crate::error::{Error, Result};
use crate::model::{Due, Task};
use crate::store::{Committed, Queries, Store};

/// Marks a task done now.
pub fn complete_task(store: &Store, id: u64) -> Result<Committed<Task>> {
    store.write("task.done", |tx| {
        let task: Task = tx.require(id)?;
        if !task.is_open() {
            return Err(Error::Conflict(format!("T-{id} is already done")));
        }
        let now = tx.now();
        let done = update_in(tx, id, |t: &mut Task| {
            t.done_at = Some(now);
            Ok(())
        })?;
        tx.describe(format!("completed T-{id} {}", done.title));
        Ok(done)
    })
}

/// Marks a done task open again.
pub fn reopen_task(store: &Store, id: u64) -> Result<Committed<Task>> {
    store.write("task.reopen", |tx| {
        let task: Task = tx.require(id)?;
        if task.is_open() {
            return Err(Error::Conflict(format!("T-{id} is not done")));
        }
        let t = update_in(tx, id, |t: &mut Task| {
            t.done_at = None;
            Ok(())
        })?;
        tx.describe(format!("reopened T-{id} {}", t.title));
        Ok(t)
    })
}

/// Moves a task's due date (keeping its time of day, if any).
pub fn snooze_task(store: &Store, id: u64, until: chrono::NaiveDate) -> Result<Committed<Task>> {
    store.write("task.snooze", |tx| {
        let task: Task = tx.require(id)?;
        if !task.is_open() {
            return Err(Error::Conflict(format!(
                "T-{id} is done; reopen it before snoozing"
            )));
        }
        let t = update_in(tx, id, |t: &mut Task| {
            t.due = Some(Due {
                date: until,
                time: t.due.and_then(|d| d.time),
            });
            Ok(())
        })?;
        tx.describe(format!("snoozed T-{id} {} to {until}", t.title));
        Ok(t)
    })
}
