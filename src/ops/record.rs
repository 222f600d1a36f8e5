//! Generic create, edit and delete for every record kind; the kind-specific rules live
//! in [`super::validate`] (`Prepare`) and [`super::links`].

use super::links;
use super::validate::Prepare;
use crate::error::{Error, Result};
use crate::model::{Record, RecordId};
use crate::store::{Committed, Queries, Store, Tx};

/// Creates a record: validates it, fills owner and timestamps, allocates its id.
pub fn add<T: Prepare>(store: &Store, rec: T) -> Result<Committed<T>> {
    store.write(&format!("{}.add", T::KIND.noun()), |tx| add_in(tx, rec))
}

/// [`add`] inside an open transaction (for ops that create several records).
pub fn add_in<T: Prepare>(tx: &mut Tx, mut rec: T) -> Result<T> {
    rec.prepare(tx, None)?;
    create_prepared(tx, rec)
}

/// [`add_in`] of a record already prepared: allocate its id, write it, run the rules.
pub(super) fn create_prepared<T: Prepare>(tx: &mut Tx, rec: T) -> Result<T> {
    let rec = tx.create(rec)?;
    let rid = RecordId::new(T::KIND, rec.id());
    let record = rec.clone().into_record();
    tx.describe(format!("added {} {rid} {}", T::KIND.noun(), record.label()));
    crate::automation::after_create(tx, &record)?;
    // Rules may have changed the record (an owner assigned round-robin).
    Ok(tx.get::<T>(rec.id())?.unwrap_or(rec))
}

/// Edits a record: `edit` changes a copy, which is validated and written.
pub fn update<T: Prepare>(
    store: &Store,
    id: u64,
    edit: impl FnOnce(&mut T) -> Result<()>,
) -> Result<Committed<T>> {
    store.write(&format!("{}.edit", T::KIND.noun()), |tx| {
        update_in(tx, id, edit)
    })
}

/// [`update`] inside an open transaction.
pub fn update_in<T: Prepare>(
    tx: &mut Tx,
    id: u64,
    edit: impl FnOnce(&mut T) -> Result<()>,
) -> Result<T> {
    let before: T = tx.require(id)?;
    let mut rec = before.clone();
    edit(&mut rec)?;
    rec.set_id(id);
    rec.prepare(tx, Some(&before))?;
    let record = rec.clone().into_record();
    tx.put(record.clone())?;
    let rid = RecordId::new(T::KIND, id);
    tx.describe(format!("edited {} {rid}", T::KIND.noun()));
    // SLA policies may match on a company's tags: its tickets follow a change of them.
    if let (Record::Company(b), Record::Company(a)) = (&before.clone().into_record(), &record)
        && b.tags != a.tags
    {
        super::ticket::recompute_linked_in(tx, rid)?;
    }
    crate::automation::after_update(tx, &before.into_record(), &record)?;
    Ok(tx.get::<T>(id)?.unwrap_or(rec))
}

/// Deletes a record. When other records link to it, it is refused with the list of
/// links, unless `unlink` is set: then those links are removed in the same operation.
pub fn delete(store: &Store, rid: RecordId, unlink: bool) -> Result<Committed<()>> {
    store.write(&format!("{}.delete", rid.kind.noun()), |tx| {
        let Some(rec) = tx.get_record(rid)? else {
            return Err(Error::NotFound(rid));
        };
        let linking = links::links_to(tx, rid)?;
        if !linking.is_empty() {
            if !unlink || rid.kind == crate::model::Kind::Pipeline {
                return Err(Error::Linked {
                    record: rid,
                    links: links::describe(&linking),
                });
            }
            links::unlink_all(tx, rid, &linking)?;
        }
        tx.delete(rid)?;
        tx.describe(format!("deleted {} {rid} {}", rid.kind.noun(), rec.label()));
        Ok(())
    })
}
